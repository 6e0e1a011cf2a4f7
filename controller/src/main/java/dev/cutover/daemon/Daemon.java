package dev.cutover.daemon;

import dev.cutover.reconcile.FetchResult;
import dev.cutover.reconcile.DeployReport;
import dev.cutover.reconcile.Bakes;
import dev.cutover.config.HostConfig;
import dev.cutover.metrics.CutoverMetrics;
import dev.cutover.notify.Notifier;
import dev.cutover.outcome.Failure;
import dev.cutover.reconcile.AppView;
import dev.cutover.reconcile.PassListener;
import dev.cutover.reconcile.PassRequest;
import dev.cutover.reconcile.PassResult;
import dev.cutover.reconcile.RollbackRequest;
import dev.cutover.outcome.FailureException;
import dev.cutover.reconcile.Passes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cutover run} as a service: passes on a schedule and on request, pause and resume,
 * and what the admin API reports. Passes are numbered; a request is answered by the first
 * pass that starts after it, so {@code sync --wait} sees a pass that includes its change.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger("cutover");
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int DEPLOYS_KEPT = 20;

    private final HostConfig config;
    private final CutoverMetrics metrics;
    private final Notifier notifier;
    private final Passes reconciler;
    private final PassScheduler scheduler;
    private final Object lock = new Object();

    private volatile boolean paused;
    private volatile boolean stopping;
    private volatile boolean ready;
    private volatile List<AppView> apps = List.of();
    private volatile Optional<PassResult> lastPass = Optional.empty();
    private volatile Instant lastPassAt;
    private final Deque<DeployRecord> deploys = new ArrayDeque<>();
    private long started;
    private boolean requested;
    private Optional<String> requestedApp = Optional.empty();
    private final Map<Long, CompletableFuture<PassResult>> waiting = new HashMap<>();
    private final Map<Long, List<Consumer<String>>> watchers = new HashMap<>();
    private volatile List<Consumer<String>> currentWatchers = new CopyOnWriteArrayList<>();
    private int transientFailures;
    /** Rollbacks asked for through the admin API: each runs on the pass thread, as a pass of its own. */
    private final Deque<PendingRollback> rollbacks = new ArrayDeque<>();

    private record PendingRollback(String app, boolean commit, CompletableFuture<PassResult> done, Consumer<String> watcher) {
    }

    /** @param build makes the reconciler, given the listener the daemon wants events on */
    public Daemon(HostConfig config, Function<PassListener, ? extends Passes> build) throws SchedulerException {
        this.config = config;
        this.metrics = new CutoverMetrics(config.server());
        this.notifier = new Notifier(config.server(), config.notifications());
        this.reconciler = build.apply(new Events());
        this.scheduler = new PassScheduler(this);
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    /**
     * Stop taking passes; the one under way stops at its next safe point. Waits for it, then
     * answers every request still waiting for a pass that will now never run.
     */
    public void stop() throws SchedulerException {
        stopping = true;
        scheduler.shutdown();
        List<CompletableFuture<PassResult>> unanswered;
        synchronized (lock) {
            unanswered = new ArrayList<>(waiting.values());
            waiting.clear();
            watchers.clear();
            rollbacks.forEach(r -> unanswered.add(r.done()));
            rollbacks.clear();
        }
        PassResult none = PassResult.failed(Optional.empty(), Duration.ZERO,
                new Failure.Failed("cutover stopped before this pass could run"));
        unanswered.forEach(f -> f.complete(none));
        try {
            notifier.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks for a pass (of one app, or all) as soon as possible. A forced pass also retries a
     * deploy that stalled on its health gate. Returns the pass's result when it ends.
     *
     * @param watcher receives that pass's progress lines as they happen
     */
    public CompletableFuture<PassResult> requestPass(Optional<String> app, boolean retryStalled, Consumer<String> watcher) {
        CompletableFuture<PassResult> f;
        boolean alreadyPending;
        synchronized (lock) {
            long target = started + 1;
            alreadyPending = requested;
            requestedApp = requested && !requestedApp.equals(app) ? Optional.empty() : app;
            requested = true;
            if (retryStalled) {
                reconciler.retryStalled(app);
            }
            f = waiting.computeIfAbsent(target, k -> new CompletableFuture<>());
            if (watcher != null) {
                watchers.computeIfAbsent(target, k -> new ArrayList<>()).add(watcher);
            }
        }
        if (stopping) {
            f.completeExceptionally(new IllegalStateException("cutover is stopping"));
        } else if (!alreadyPending) {
            scheduler.now(); // one pending pass serves every request made before it starts
        }
        return f;
    }

    /**
     * Asks for {@code cutover rollback} of one app. It runs on the pass thread as soon as the
     * pass under way (if any) ends, as a pass of its own, even while paused (it is an operator's
     * explicit act). Returns its result when it ends.
     *
     * @param watcher receives the rollback's progress lines as they happen
     */
    public CompletableFuture<PassResult> requestRollback(String app, boolean commit, Consumer<String> watcher) {
        CompletableFuture<PassResult> f = new CompletableFuture<>();
        synchronized (lock) {
            rollbacks.add(new PendingRollback(app, commit, f, watcher));
        }
        if (stopping) {
            f.completeExceptionally(new IllegalStateException("cutover is stopping"));
        } else {
            scheduler.now(); // its own turn on the pass thread
        }
        return f;
    }

    /** Runs one pass, or a rollback waiting for its turn; called by the scheduler's single thread. */
    void runPass() {
        PendingRollback rollback;
        synchronized (lock) {
            rollback = rollbacks.poll();
        }
        if (rollback != null) {
            // Every request scheduled one turn, so taking this one for the rollback delays no pass.
            runRollback(rollback);
            return;
        }
        long n;
        Optional<String> app;
        synchronized (lock) {
            n = ++started;
            app = requested ? requestedApp : Optional.empty();
            requested = false;
            requestedApp = Optional.empty();
            currentWatchers = new CopyOnWriteArrayList<>(watchers.getOrDefault(n, List.of()));
            watchers.remove(n);
        }
        PassResult r;
        try {
            r = reconciler.pass(new PassRequest(!paused, app, () -> stopping));
        } catch (RuntimeException e) {
            LOG.error("pass failed unexpectedly", e);
            r = new PassResult(PassResult.Outcome.FAILED, Optional.empty(), List.of(), Duration.ZERO,
                    Optional.of(new Failure.Failed(e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        metrics.passFinished(r);
        lastPass = Optional.of(r);
        lastPassAt = Instant.now();
        LOG.info("pass {} in {}s{}", r.outcome().name().toLowerCase(), String.format("%.2f", r.duration().toNanos() / 1e9),
                r.error().map(e -> ": " + e).orElse(""));
        CompletableFuture<PassResult> f;
        synchronized (lock) {
            f = waiting.remove(n);
            currentWatchers = new CopyOnWriteArrayList<>();
        }
        if (f != null) {
            f.complete(r);
        }
        if (!stopping) {
            transientFailures = r.retrySoon() ? transientFailures + 1 : 0;
            scheduler.next(delay(config.repo().interval(), transientFailures));
        }
    }

    private void runRollback(PendingRollback p) {
        currentWatchers = new CopyOnWriteArrayList<>(p.watcher() == null ? List.of() : List.of(p.watcher()));
        PassResult r;
        try {
            r = reconciler.rollback(new RollbackRequest(p.app(), p.commit(), () -> stopping));
        } catch (FailureException e) {
            r = PassResult.failed(Optional.empty(), Duration.ZERO, e.failure());
        } catch (RuntimeException e) {
            // Nothing to roll back to (no such app, no kept colour), or a bug: said in the result.
            r = PassResult.failed(Optional.empty(), Duration.ZERO, new Failure.Failed(e.getMessage()));
        }
        LOG.info("rollback of {} {} in {}s{}", p.app(), r.outcome().label(), String.format("%.2f", r.duration().toNanos() / 1e9),
                r.error().map(e -> ": " + e).orElse(""));
        currentWatchers = new CopyOnWriteArrayList<>();
        p.done().complete(r);
        if (r.ok() && !stopping) {
            // A pass of that app brings status and metrics up to date (it shows rolled back, with drift).
            requestPass(Optional.of(p.app()), false, null);
        }
    }

    /** The interval with ±10% jitter; after transient failures, a backoff from 1 s up to it. */
    static Duration delay(Duration interval, int transientFailures) {
        if (transientFailures > 0) {
            long backoff = 1000L << Math.min(transientFailures - 1, 20);
            return Duration.ofMillis(Math.min(backoff, Math.min(interval.toMillis(), MAX_BACKOFF.toMillis())));
        }
        long jitter = interval.toMillis() / 10;
        return Duration.ofMillis(interval.toMillis() + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0));
    }

    public void pause() {
        paused = true;
        metrics.paused(true);
        LOG.info("paused: passes observe and report drift but change nothing");
    }

    public void resume() {
        paused = false;
        metrics.paused(false);
        LOG.info("resumed");
        requestPass(Optional.empty(), false, null);
    }

    public boolean paused() {
        return paused;
    }

    /** The first observe has succeeded. */
    public boolean ready() {
        return ready;
    }

    public HostConfig config() {
        return config;
    }

    public CutoverMetrics metrics() {
        return metrics;
    }

    public List<AppView> apps() {
        return apps;
    }

    public Optional<PassResult> lastPass() {
        return lastPass;
    }

    public Optional<Instant> lastPassAt() {
        return Optional.ofNullable(lastPassAt);
    }

    public List<DeployRecord> deploys() {
        synchronized (deploys) {
            return List.copyOf(deploys);
        }
    }

    /** The bakes under way, with their live numbers. */
    public Map<String, Bakes.Progress> bakes() {
        return reconciler.bakes().running();
    }

    /** Ends an app's bake now (promote) or flips it back (abort); false when that app is not baking. */
    public boolean ask(String app, Bakes.Ask ask) {
        boolean asked = reconciler.bakes().ask(app, ask);
        if (asked) {
            LOG.info("{}: {} asked through the admin API", app, ask.name().toLowerCase(Locale.ROOT));
        }
        return asked;
    }

    /** What the reconciler reports, fanned out to logs, watchers, metrics, notifications and status. */
    private final class Events implements PassListener {
        @Override
        public void progress(String line) {
            LOG.info(line);
            currentWatchers.forEach(w -> w.accept(line));
        }

        @Override
        public void gitFetched(FetchResult result, Duration took) {
            metrics.gitFetched(result, took);
        }

        @Override
        public void deployFinished(DeployReport deploy) {
            metrics.deployFinished(deploy);
            notifier.deployFinished(deploy);
            synchronized (deploys) {
                deploys.addFirst(new DeployRecord(deploy, Instant.now()));
                while (deploys.size() > DEPLOYS_KEPT) {
                    deploys.removeLast();
                }
            }
        }

        @Override
        public void nginxFailed(String app, String message) {
            metrics.nginxFailed(app, message);
        }

        @Override
        public void appsObserved(List<AppView> views) {
            apps = List.copyOf(views);
            ready = true;
            metrics.appsObserved(views);
        }
    }
}

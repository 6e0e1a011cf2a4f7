package dev.cutover.reconcile;

import dev.cutover.config.Secrets;
import dev.cutover.common.Colour;
import dev.cutover.config.HostConfig;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.RolloutPlace;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.DockerException;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.fleet.GateDecision;
import dev.cutover.desired.InvalidDesiredState;
import dev.cutover.git.DesiredSource;
import dev.cutover.git.GitException;
import dev.cutover.git.Revision;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.outcome.Failure;
import dev.cutover.prometheus.PrometheusHttp;
import dev.cutover.outcome.FailureException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The reconcile loop, one pass at a time: fetch desired (git) → observe actual (Docker
 * labels, nginx upstream files) → plan (pure) → apply (one step at a time). Level-triggered:
 * every pass decides from scratch, so a pass can be repeated or interrupted and the next
 * one converges from what it observes.
 */
public final class Reconciler implements Passes {
    /** The status of an app the last plan did not mention (it went away during the pass). */
    private static final AppStatus GONE = new AppStatus(AppStatus.Reason.CONVERGED, "");
    private final HostConfig config;
    private final DesiredSource source;
    private final ContainerEngine docker;
    private final TrafficRouter nginx;
    private final Observer observer;
    private final PassListener listener;
    /** App to spec hash of a deploy that failed its health gate: not retried until the spec changes. */
    private final ConcurrentMap<String, String> stalled = new ConcurrentHashMap<>();
    private final Bakes bakes = new Bakes();
    private final ReleaseRetries releaseRetries = new ReleaseRetries();
    private final EarlyPulls earlyPulls;
    private final Rollouts rollouts;

    public Reconciler(HostConfig config, DesiredSource source, ContainerEngine docker, TrafficRouter nginx, PassListener listener) {
        this.config = config;
        this.source = source;
        this.docker = docker;
        this.nginx = nginx;
        this.observer = new Observer(docker, nginx);
        this.listener = listener;
        this.earlyPulls = new EarlyPulls(docker);
        this.rollouts = new Rollouts(config, source, listener);
    }

    /** What a pass would do now, and from which commit, without doing it ({@code cutover diff}). */
    public Diff diff() {
        DesiredSource.Snapshot snap = snapshotOrThrow(source.refresh());
        try {
            return new Diff(snap.revision(), Planner.plan(snap.state(), snap.revision().sha(), observer.observe(snap.state()),
                    stalled, releaseRetries.peek(names(snap.state())), config.nginx().probe()));
        } catch (RuntimeException e) {
            throw new FailureException(Applier.kindOf(e));
        }
    }

    public record Diff(Revision revision, Planner.Plan plan) {
    }

    /** Forget that an app's spec failed its gate, so the next pass tries it again (a forced sync). */
    @Override
    public void retryStalled(Optional<String> app) {
        // An app's worker specs are stalled under "app/worker": they are retried with it.
        app.ifPresentOrElse(a -> stalled.keySet().removeIf(k -> k.equals(a) || k.startsWith(a + "/")), stalled::clear);
        releaseRetries.ask(app);
    }

    private static Set<String> names(DesiredState state) {
        return state.apps().stream().map(DesiredApp::name).collect(Collectors.toSet());
    }

    public PassResult pass() {
        return pass(PassRequest.NORMAL);
    }

    @Override
    public synchronized PassResult pass(PassRequest request) {
        long start = System.nanoTime();
        DesiredSource.Refresh refresh = source.refresh();
        listener.gitFetched(FetchResult.of(refresh.failure()), since(start));
        if (refresh.snapshot().isEmpty()) {
            return PassResult.failed(Optional.empty(), since(start),
                    refresh.failure().orElse(new Failure.Failed("no desired state")));
        }
        DesiredSource.Snapshot snap = refresh.snapshot().get();
        if (request.apply()) {
            // A new tag's image comes down while what runs is read and planned.
            earlyPulls.startFor(snap.state());
        }
        try {
            Map<String, ActualApp> actual = observer.observe(snap.state());
            Set<String> retry = request.apply() ? releaseRetries.take(names(snap.state())) : releaseRetries.peek(names(snap.state()));
            // A rollout across servers may hold an app back: it keeps what runs, and says why.
            Map<String, GateDecision> holds = rollouts.holds(snap.state(), actual, stalled);
            Planner.Plan plan = hold(holds, only(request.app(), Planner.plan(snap.state(), snap.revision().sha(), actual, stalled,
                    retry, config.nginx().probe())));
            plan.status().forEach((app, state) -> listener.progress(app + ": " + state));
            // Observed before acting: readiness, and drift shown while a repair is under way.
            List<AppView> before = views(snap.state(), actual, plan);
            listener.appsObserved(before);
            if (!request.apply()) {
                return new PassResult(plan.isEmpty() ? PassResult.Outcome.CONVERGED : PassResult.Outcome.PAUSED,
                        Optional.of(snap.revision().sha()), List.of(), since(start),
                        plan.isEmpty() ? refresh.failure()
                                : Optional.of(new Failure.Failed("paused: " + plan.actions().size() + " step(s) would converge")));
            }
            // The other servers see this one deploying before it acts.
            rollouts.publish(snap.state(), snap.revision().sha(), before, holds, stalled);
            List<PassResult.AppResult> results = applier(request.stopping()).apply(plan, stalled);
            report(snap, plan, results);
            if (!plan.isEmpty()) {
                // What the steps left behind; a pass that planned nothing has reported it above.
                Map<String, ActualApp> after = observer.observe(snap.state());
                List<AppView> now = views(snap.state(), after, hold(holds, only(request.app(),
                        Planner.plan(snap.state(), snap.revision().sha(), after, stalled, config.nginx().probe()))));
                listener.appsObserved(now);
                rollouts.publish(snap.state(), snap.revision().sha(), now, holds, stalled);
            }
            return result(start, snap, plan, results, refresh);
        } catch (RuntimeException e) {
            // Observing failed (the engine is down, an upstream file unreadable): nothing was changed.
            return PassResult.failed(Optional.of(snap.revision().sha()), since(start), Applier.kindOf(e));
        }
    }

    private Applier applier(BooleanSupplier stopping) {
        return new Applier(docker, nginx, Secrets.lazily(config.secretsFile()), config.server(), config.nginx().probe(),
                listener, stopping, bakes, config.deploy().parallelism(), Optional.of(earlyPulls),
                config.prometheus().map(PrometheusHttp::new));
    }

    /** The bakes under way: their live numbers, and where {@code promote} and {@code abort} are asked. */
    @Override
    public Bakes bakes() {
        return bakes;
    }

    /** {@link #rollback(RollbackRequest)} of one app, on this host only, to its end. */
    public PassResult rollback(String app) {
        return rollback(new RollbackRequest(app, false, () -> false));
    }

    /**
     * Puts the kept previous colour of an app back in front (start, health gate, switch, drain,
     * stop) and pins the app there: passes leave it on that version until its desired state
     * changes ({@link RolledBack}). With {@code commit}, the rollback is also written to git
     * ({@link #commitRollback}).
     */
    @Override
    public synchronized PassResult rollback(RollbackRequest request) {
        String app = request.app();
        long start = System.nanoTime();
        DesiredSource.Snapshot snap = snapshotOrThrow(source.refresh());
        DesiredApp d = snap.state().app(app)
                .orElseThrow(() -> new IllegalArgumentException("app " + app + " is not deployed on " + config.server()));
        ActualApp a;
        try {
            a = observer.observe(snap.state()).get(app);
        } catch (RuntimeException e) {
            throw new FailureException(Applier.kindOf(e));
        }
        Colour live = a == null ? null : a.live().orElse(null);
        if (live == null) {
            throw new IllegalArgumentException("app " + app + " has no live colour to roll back from");
        }
        ManagedContainer kept = a.container(live.other()).orElseThrow(() ->
                new IllegalArgumentException("app " + app + " has no kept " + live.other().label() + " container to roll back to"));
        String rolledBackFrom = Plans.specHash(d);
        // Back to git's own spec (a rollback of a rollback) needs no pin.
        Action switchBack = rolledBackFrom.equals(kept.specHash()) ? new Action.SwitchTraffic(d, kept.colour(), Optional.of(live))
                : new Action.Pin(d, kept.colour(), rolledBackFrom);
        List<Action> steps = new ArrayList<>(List.of(
                new Action.StartKept(d, kept.colour(), kept.id(), kept.tag()),
                new Action.AwaitHealthy(d, kept.colour())));
        if (d.spec().replicas() > 1) {
            // Only a colour's first container is kept: its replicas are copies of it, gated before the switch.
            steps.add(Action.StartReplicas.copying(d, kept.colour(), ReplicaPlan.beyondFirst(d), kept.id()));
        }
        steps.add(switchBack);
        a.container(live).filter(ManagedContainer::running).ifPresent(old -> {
            steps.add(new Action.Drain(d, live, old.id()));
            steps.add(new Action.StopColour(app, live, old.id(), d.spec().stopTimeout()));
        });
        // The colour rolled back from keeps no replica beyond its first, as after any deploy.
        ReplicaPlan.retire(d, live, a.extras(live), steps);
        Planner.Plan plan = new Planner.Plan(steps, Map.of(app,
                new AppStatus(AppStatus.Reason.ROLLING_BACK, "roll back to " + kept.tag() + " on " + kept.colour().label())));
        List<PassResult.AppResult> results = applier(request.stopping()).apply(plan, new ConcurrentHashMap<>());
        PassResult.AppResult r = results.get(0);
        boolean ok = r.outcome() == AppOutcome.DEPLOYED;
        listener.deployFinished(new DeployReport(app, kept.tag(), ok ? DeployResult.ROLLED_BACK : DeployResult.FAILED, r.stages(),
                Optional.empty(), r.detail(), r.failedRequests()));
        PassResult onHost = new PassResult(ok ? PassResult.Outcome.CHANGED : PassResult.Outcome.FAILED,
                Optional.of(snap.revision().sha()), results, since(start), r.failure());
        return ok && request.commit() ? commitRollback(onHost, kept.tag(), request, start) : onHost;
    }

    /**
     * Writes a rollback done on this host to git, so that git and the host agree: the app's tag
     * in this server's file set to the version put back, committed and pushed with the repo
     * credentials; then a pass of that app, which finds git's spec serving and rewrites the
     * upstream file without the pin. When git cannot be written (unreachable, the push refused),
     * the rollback on the host stays in force, pinned, and the result says why.
     */
    private PassResult commitRollback(PassResult onHost, String tag, RollbackRequest request, long start) {
        String app = request.app();
        String message = "Roll back " + app + " to " + tag + " on " + config.server() + " (cutover rollback)";
        try {
            Optional<Revision> pushed = source.writeBack(app, tag, message);
            listener.progress(app + ": " + pushed.map(c -> "committed " + c.shortSha() + " \"" + message + "\" and pushed it")
                    .orElse("git already says " + tag + ": nothing to commit"));
        } catch (GitException | InvalidDesiredState e) {
            String why = "rolled back on this host, but not written to git: " + e.getMessage()
                    + "; the rollback stays in force until " + app + "'s desired state changes";
            listener.progress(app + ": " + why);
            return new PassResult(PassResult.Outcome.FAILED, onHost.revision(), onHost.apps(), since(start),
                    Optional.of(new Failure.Failed(why)));
        }
        PassResult after = pass(new PassRequest(true, Optional.of(app), request.stopping()));
        return new PassResult(after.ok() ? PassResult.Outcome.CHANGED : after.outcome(), after.revision(), onHost.apps(),
                since(start), after.failure());
    }

    /** Tells the listener how each deploy attempt of this pass ended. */
    private void report(DesiredSource.Snapshot snap, Planner.Plan plan, List<PassResult.AppResult> results) {
        for (PassResult.AppResult r : results) {
            boolean deploy = plan.actions().stream().anyMatch(a -> a.app().equals(r.app()) && a instanceof Action.StartColour);
            if (!deploy || r.outcome() == AppOutcome.ABORTED) {
                continue;
            }
            boolean ok = r.outcome() == AppOutcome.DEPLOYED;
            // Lead time ends when the new version served: at the switch, before any bake.
            Optional<Duration> lead = ok ? Optional.of(Duration.between(snap.revision().authorTime(), Instant.now()
                    .minus(r.stages().getOrDefault("bake", Duration.ZERO)).minus(r.stages().getOrDefault("drain", Duration.ZERO))
                    .minus(r.stages().getOrDefault("stop", Duration.ZERO)).minus(r.stages().getOrDefault("prune", Duration.ZERO))))
                    .filter(d -> !d.isNegative()) : Optional.empty();
            String tag = snap.state().app(r.app()).map(DesiredApp::tag).orElse("");
            DeployResult result = ok ? DeployResult.SUCCESS
                    : r.outcome() == AppOutcome.FLIPPED_BACK ? DeployResult.FLIPPED_BACK : DeployResult.FAILED;
            listener.deployFinished(new DeployReport(r.app(), tag, result, r.stages(), lead, r.detail(), r.failedRequests()));
        }
    }

    /** How every app looks after a pass: desired and running tag, live colour, drift. */
    private List<AppView> views(DesiredState desired, Map<String, ActualApp> actual, Planner.Plan remaining) {
        List<AppView> views = new ArrayList<>();
        Set<String> names = new TreeSet<>(actual.keySet());
        desired.apps().forEach(d -> names.add(d.name()));
        for (String app : names) {
            Optional<ActualApp> a = Optional.ofNullable(actual.get(app));
            Optional<Colour> live = a.flatMap(ActualApp::live);
            Optional<ManagedContainer> liveContainer = a.flatMap(ActualApp::liveRunning);
            AppStatus.Reason reason = remaining.status().getOrDefault(app, GONE).reason();
            boolean drift = remaining.actions().stream().anyMatch(x -> x.app().equals(app))
                    || remaining.stalled(app) || rolledBack(remaining, app)
                    || reason == AppStatus.Reason.WAITING || reason == AppStatus.Reason.HALTED;
            views.add(new AppView(app, desired.app(app).map(DesiredApp::tag), liveContainer.map(ManagedContainer::tag),
                    live, liveContainer.isPresent(), drift, remaining.status().getOrDefault(app, GONE),
                    desired.rollout(app).map(RolloutPlace::wave).orElse(0)));
        }
        return views;
    }

    /** Held on an older version by {@code cutover rollback}: converged there, but not what git says. */
    private static boolean rolledBack(Planner.Plan plan, String app) {
        return plan.status().getOrDefault(app, GONE).reason() == AppStatus.Reason.ROLLED_BACK;
    }

    /**
     * The plan without the steps of the apps a rollout holds back, whose status says why: they
     * keep what runs until their wave may go (waiting) or a new commit comes (halted).
     */
    private static Planner.Plan hold(Map<String, GateDecision> holds, Planner.Plan plan) {
        if (holds.isEmpty()) {
            return plan;
        }
        Map<String, AppStatus> status = new LinkedHashMap<>(plan.status());
        holds.forEach((app, d) -> {
            if (status.containsKey(app) && status.get(app).reason() != AppStatus.Reason.CONVERGED) {
                status.put(app, new AppStatus(d instanceof GateDecision.Halted ? AppStatus.Reason.HALTED
                        : AppStatus.Reason.WAITING, d.why()));
            }
        });
        return new Planner.Plan(plan.actions().stream().filter(a -> !holds.containsKey(a.app())).toList(), status);
    }

    private static Planner.Plan only(Optional<String> app, Planner.Plan plan) {
        if (app.isEmpty()) {
            return plan;
        }
        return new Planner.Plan(plan.actions().stream().filter(a -> a.app().equals(app.get())).toList(),
                plan.status().entrySet().stream().filter(e -> e.getKey().equals(app.get()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The desired state to act on; a one-off command without one fails with the refresh's kind of failure. */
    private static DesiredSource.Snapshot snapshotOrThrow(DesiredSource.Refresh refresh) {
        if (refresh.snapshot().isPresent()) {
            return refresh.snapshot().get();
        }
        throw new FailureException(refresh.failure().orElse(new Failure.Failed("no desired state")));
    }

    private PassResult result(long start, DesiredSource.Snapshot snap, Planner.Plan plan,
                              List<PassResult.AppResult> results, DesiredSource.Refresh refresh) {
        List<PassResult.AppResult> all = new ArrayList<>(results);
        plan.status().forEach((app, state) -> {
            if (all.stream().noneMatch(r -> r.app().equals(app))) {
                // Stalled here, or halted by a rollout because another server failed the tag: both wait for a commit.
                Optional<Failure> stalledBefore = state.reason() == AppStatus.Reason.STALLED || state.reason() == AppStatus.Reason.HALTED
                        ? Optional.of(new Failure.Stalled(state.message())) : Optional.empty();
                all.add(new PassResult.AppResult(app, stalledBefore.isPresent() ? AppOutcome.STALLED : AppOutcome.UNCHANGED,
                        state.message(), Map.of(), stalledBefore));
            }
        });
        List<Failure> failures = new ArrayList<>();
        refresh.failure().ifPresent(failures::add);
        all.stream().filter(r -> r.outcome().failsPass())
                .forEach(r -> failures.add(r.failure().orElseThrow().prefixed(r.app() + ": ")));
        PassResult.Outcome outcome;
        if (!failures.isEmpty()) {
            outcome = PassResult.Outcome.FAILED;
        } else if (all.stream().anyMatch(r -> r.outcome().waitsForChange())) {
            outcome = PassResult.Outcome.STALLED;
            all.stream().filter(r -> r.outcome().waitsForChange())
                    .forEach(r -> failures.add(r.failure().orElseThrow().prefixed(r.app() + ": ")));
        } else {
            outcome = plan.isEmpty() ? PassResult.Outcome.CONVERGED : PassResult.Outcome.CHANGED;
        }
        return new PassResult(outcome, Optional.of(snap.revision().sha()), all, since(start),
                PassResult.representative(failures));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

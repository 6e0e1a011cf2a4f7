package dev.cutover.reconcile;

import dev.cutover.config.HostConfig;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.docker.DockerEngine;
import dev.cutover.docker.DockerException;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.git.DesiredSource;
import dev.cutover.git.Revision;
import dev.cutover.nginx.Nginx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reconcile loop, one pass at a time: fetch desired (git) → observe actual (Docker
 * labels, nginx upstream files) → plan (pure) → apply (one step at a time). Level-triggered:
 * every pass decides from scratch, so a pass can be repeated or interrupted and the next
 * one converges from what it observes.
 */
public final class Reconciler {
    private final HostConfig config;
    private final DesiredSource source;
    private final DockerEngine docker;
    private final Nginx nginx;
    private final Observer observer;
    private final PassListener listener;
    /** App to spec hash of a deploy that failed its health gate: not retried until the spec changes. */
    private final Map<String, String> stalled = new ConcurrentHashMap<>();

    public Reconciler(HostConfig config, DesiredSource source, DockerEngine docker, Nginx nginx, PassListener listener) {
        this.config = config;
        this.source = source;
        this.docker = docker;
        this.nginx = nginx;
        this.observer = new Observer(docker, nginx, config.nginx().upstreamDir());
        this.listener = listener;
    }

    /** What a pass would do now, and from which commit, without doing it ({@code cutover diff}). */
    public Diff diff() {
        DesiredSource.Snapshot snap = snapshotOrThrow(source.refresh());
        return new Diff(snap.revision(), Planner.plan(snap.state(), snap.revision().sha(), observer.observe(snap.state()),
                stalled, config.nginx().probe()));
    }

    public record Diff(Revision revision, Planner.Plan plan) {
    }

    /** Forget that an app's spec failed its gate, so the next pass tries it again (a forced sync). */
    public void retryStalled(Optional<String> app) {
        app.ifPresentOrElse(stalled::remove, stalled::clear);
    }

    public PassResult pass() {
        return pass(PassRequest.NORMAL);
    }

    public synchronized PassResult pass(PassRequest request) {
        long start = System.nanoTime();
        DesiredSource.Refresh refresh = source.refresh();
        listener.gitFetched(refresh.error().isEmpty() ? "success" : refresh.transientError() ? "failed" : "invalid", since(start));
        if (refresh.snapshot().isEmpty()) {
            return failed(start, Optional.empty(), refresh.error().orElse("no desired state"), refresh.transientError());
        }
        DesiredSource.Snapshot snap = refresh.snapshot().get();
        try {
            Map<String, ActualApp> actual = observer.observe(snap.state());
            Planner.Plan plan = only(request.app(), Planner.plan(snap.state(), snap.revision().sha(), actual, stalled,
                    config.nginx().probe()));
            plan.status().forEach((app, state) -> listener.progress(app + ": " + state));
            // Observed before acting: readiness, and drift shown while a repair is under way.
            listener.appsObserved(views(snap.state(), actual, plan));
            if (!request.apply()) {
                return new PassResult(plan.isEmpty() ? PassResult.Outcome.CONVERGED : PassResult.Outcome.PAUSED,
                        Optional.of(snap.revision().sha()), List.of(), since(start),
                        plan.isEmpty() ? refresh.error() : Optional.of("paused: " + plan.actions().size() + " step(s) would converge"),
                        refresh.transientError());
            }
            List<PassResult.AppResult> results = new Applier(docker, nginx, Secrets.load(config.secretsFile()),
                    config.server(), config.nginx().probe(), listener, request.stopping()).apply(plan, stalled);
            report(snap, plan, results);
            if (!plan.isEmpty()) {
                // What the steps left behind; a pass that planned nothing has reported it above.
                Map<String, ActualApp> after = observer.observe(snap.state());
                listener.appsObserved(views(snap.state(), after, only(request.app(),
                        Planner.plan(snap.state(), snap.revision().sha(), after, stalled, config.nginx().probe()))));
            }
            return result(start, snap, plan, results, refresh);
        } catch (DockerException | IllegalStateException | java.io.UncheckedIOException e) {
            return failed(start, Optional.of(snap.revision().sha()), e.getMessage(), e instanceof DockerException);
        }
    }

    /**
     * Puts the kept previous colour of an app back in front (start, health gate, switch,
     * drain, stop). An emergency action: the next pass deploys what git says again, so revert
     * the commit in git too (or pause first).
     */
    public synchronized PassResult rollback(String app) {
        long start = System.nanoTime();
        DesiredSource.Snapshot snap = snapshotOrThrow(source.refresh());
        DesiredApp d = snap.state().app(app)
                .orElseThrow(() -> new IllegalArgumentException("app " + app + " is not deployed on " + config.server()));
        ActualApp a = observer.observe(snap.state()).get(app);
        Colour live = a == null ? null : a.live().orElse(null);
        if (live == null) {
            throw new IllegalArgumentException("app " + app + " has no live colour to roll back from");
        }
        ManagedContainer kept = a.container(live.other()).orElseThrow(() ->
                new IllegalArgumentException("app " + app + " has no kept " + live.other().label() + " container to roll back to"));
        List<Action> steps = new ArrayList<>(List.of(
                new Action.StartKept(d, kept.colour(), kept.id(), kept.tag()),
                new Action.AwaitHealthy(d, kept.colour()),
                new Action.SwitchTraffic(d, kept.colour(), Optional.of(live))));
        a.container(live).filter(ManagedContainer::running).ifPresent(old -> {
            steps.add(new Action.Drain(d, live, old.id()));
            steps.add(new Action.StopColour(app, live, old.id(), d.spec().stopTimeout()));
        });
        Planner.Plan plan = new Planner.Plan(steps, Map.of(app, "roll back to " + kept.tag() + " on " + kept.colour().label()));
        List<PassResult.AppResult> results = new Applier(docker, nginx, Secrets.load(config.secretsFile()),
                config.server(), config.nginx().probe(), listener, () -> false).apply(plan, new ConcurrentHashMap<>());
        PassResult.AppResult r = results.get(0);
        boolean ok = r.result().equals("deployed");
        listener.deployFinished(app, kept.tag(), ok ? "rolled_back" : "failed", r.stages(), Optional.empty(), r.detail());
        return new PassResult(ok ? PassResult.Outcome.CHANGED : PassResult.Outcome.FAILED, Optional.of(snap.revision().sha()),
                results, since(start), ok ? Optional.empty() : Optional.of(r.detail()), false);
    }

    /** Tells the listener how each deploy attempt of this pass ended. */
    private void report(DesiredSource.Snapshot snap, Planner.Plan plan, List<PassResult.AppResult> results) {
        for (PassResult.AppResult r : results) {
            boolean deploy = plan.actions().stream().anyMatch(a -> a.app().equals(r.app()) && a instanceof Action.StartColour);
            if (!deploy || r.result().equals("aborted")) {
                continue;
            }
            boolean ok = r.result().equals("deployed");
            Optional<Duration> lead = ok ? Optional.of(Duration.between(snap.revision().authorTime(), Instant.now()))
                    .filter(d -> !d.isNegative()) : Optional.empty();
            String tag = snap.state().app(r.app()).map(DesiredApp::tag).orElse("");
            listener.deployFinished(r.app(), tag, ok ? "success" : "failed", r.stages(), lead, r.detail());
        }
    }

    /** How every app looks after a pass: desired and running tag, live colour, drift. */
    private List<AppView> views(DesiredState desired, Map<String, ActualApp> actual, Planner.Plan remaining) {
        List<AppView> views = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(actual.keySet());
        desired.apps().forEach(d -> names.add(d.name()));
        for (String app : names) {
            Optional<ActualApp> a = Optional.ofNullable(actual.get(app));
            Optional<Colour> live = a.flatMap(ActualApp::live);
            Optional<ManagedContainer> liveContainer = live.flatMap(c -> a.flatMap(x -> x.container(c)))
                    .filter(ManagedContainer::running);
            boolean drift = remaining.actions().stream().anyMatch(x -> x.app().equals(app))
                    || remaining.status().getOrDefault(app, "").startsWith("stalled");
            views.add(new AppView(app, desired.app(app).map(DesiredApp::tag), liveContainer.map(ManagedContainer::tag),
                    live, liveContainer.isPresent(), drift, remaining.status().getOrDefault(app, "")));
        }
        return views;
    }

    private static Planner.Plan only(Optional<String> app, Planner.Plan plan) {
        if (app.isEmpty()) {
            return plan;
        }
        return new Planner.Plan(plan.actions().stream().filter(a -> a.app().equals(app.get())).toList(),
                plan.status().entrySet().stream().filter(e -> e.getKey().equals(app.get()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private static DesiredSource.Snapshot snapshotOrThrow(DesiredSource.Refresh refresh) {
        return refresh.snapshot().orElseThrow(() -> new IllegalStateException(refresh.error().orElse("no desired state")));
    }

    private PassResult result(long start, DesiredSource.Snapshot snap, Planner.Plan plan,
                              List<PassResult.AppResult> results, DesiredSource.Refresh refresh) {
        List<PassResult.AppResult> all = new ArrayList<>(results);
        plan.status().forEach((app, state) -> {
            if (all.stream().noneMatch(r -> r.app().equals(app))) {
                all.add(new PassResult.AppResult(app, state.startsWith("stalled") ? "stalled" : "unchanged", state, Map.of()));
            }
        });
        PassResult.Outcome outcome;
        Optional<String> error = refresh.error();
        if (all.stream().anyMatch(r -> r.result().equals("failed") || r.result().equals("aborted")) || error.isPresent()) {
            outcome = PassResult.Outcome.FAILED;
            if (error.isEmpty()) {
                error = all.stream().filter(r -> r.result().equals("failed") || r.result().equals("aborted"))
                        .map(r -> r.app() + ": " + r.detail()).findFirst();
            }
        } else if (all.stream().anyMatch(r -> r.result().equals("stalled"))) {
            outcome = PassResult.Outcome.STALLED;
            error = all.stream().filter(r -> r.result().equals("stalled")).map(r -> r.app() + ": " + r.detail()).findFirst();
        } else {
            outcome = plan.isEmpty() ? PassResult.Outcome.CONVERGED : PassResult.Outcome.CHANGED;
        }
        return new PassResult(outcome, Optional.of(snap.revision().sha()), all, since(start), error,
                refresh.transientError() || all.stream().anyMatch(r -> r.result().equals("failed")));
    }

    private static PassResult failed(long start, Optional<String> revision, String why, boolean transientError) {
        return new PassResult(PassResult.Outcome.FAILED, revision, List.of(), since(start), Optional.of(why), transientError);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

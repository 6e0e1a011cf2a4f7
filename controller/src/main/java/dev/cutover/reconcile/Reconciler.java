package dev.cutover.reconcile;

import dev.cutover.config.HostConfig;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.DockerEngine;
import dev.cutover.docker.DockerException;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.git.DesiredSource;
import dev.cutover.nginx.Nginx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
    private final Consumer<String> progress;
    /** App to spec hash of a deploy that failed its health gate: not retried until the spec changes. */
    private final Map<String, String> stalled = new ConcurrentHashMap<>();

    public Reconciler(HostConfig config, DesiredSource source, DockerEngine docker, Nginx nginx, Consumer<String> progress) {
        this.config = config;
        this.source = source;
        this.docker = docker;
        this.nginx = nginx;
        this.observer = new Observer(docker, nginx, config.nginx().upstreamDir());
        this.progress = progress;
    }

    /** What a pass would do now, and from which commit, without doing it ({@code cutover diff}). */
    public Diff diff() {
        DesiredSource.Snapshot snap = snapshotOrThrow(source.refresh());
        return new Diff(snap.revision(), Planner.plan(snap.state(), snap.revision().sha(), observer.observe(snap.state()),
                stalled, config.nginx().probe()));
    }

    public record Diff(dev.cutover.git.Revision revision, Planner.Plan plan) {
    }

    public synchronized PassResult pass() {
        long start = System.nanoTime();
        DesiredSource.Refresh refresh = source.refresh();
        if (refresh.snapshot().isEmpty()) {
            return failed(start, Optional.empty(), refresh.error().orElse("no desired state"), refresh.transientError());
        }
        DesiredSource.Snapshot snap = refresh.snapshot().get();
        try {
            Planner.Plan plan = Planner.plan(snap.state(), snap.revision().sha(), observer.observe(snap.state()),
                    stalled, config.nginx().probe());
            plan.status().forEach((app, state) -> progress.accept(app + ": " + state));
            List<PassResult.AppResult> results = new Applier(docker, nginx, Secrets.load(config.secretsFile()),
                    config.server(), config.nginx().probe(), progress).apply(plan, stalled);
            return result(start, snap, plan, results, refresh);
        } catch (DockerException | IllegalStateException | java.io.UncheckedIOException e) {
            return failed(start, Optional.of(snap.revision().sha()), e.getMessage(), e instanceof DockerException);
        }
    }

    /**
     * Puts the kept previous colour of an app back in front (start, health gate, switch,
     * drain, stop). An emergency action: the next pass deploys what git says again, so revert
     * the commit in git too.
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
                config.server(), config.nginx().probe(), progress).apply(plan, new ConcurrentHashMap<>());
        boolean ok = results.stream().allMatch(r -> r.result().equals("deployed"));
        return new PassResult(ok ? PassResult.Outcome.CHANGED : PassResult.Outcome.FAILED, Optional.of(snap.revision().sha()),
                results, since(start), ok ? Optional.empty() : Optional.of(results.get(0).detail()), false);
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
        if (all.stream().anyMatch(r -> r.result().equals("failed")) || error.isPresent()) {
            outcome = PassResult.Outcome.FAILED;
            if (error.isEmpty()) {
                error = all.stream().filter(r -> r.result().equals("failed")).map(r -> r.app() + ": " + r.detail()).findFirst();
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

package dev.cutover.reconcile;

import dev.cutover.config.Secrets;
import dev.cutover.config.SecretsUnavailable;
import dev.cutover.common.Failpoints;
import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.Labels;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.DockerException;
import dev.cutover.health.HealthGate;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.nginx.NginxException;
import dev.cutover.outcome.Failure;
import dev.cutover.prometheus.PrometheusQueries;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out a plan: each app's steps in order, several apps at once. A new colour that
 * never becomes healthy is removed and nginx is never touched for it; a switch that nginx
 * rejects is rolled back by {@link Nginx}; in both cases the old colour keeps serving.
 */
final class Applier {
    private final ContainerEngine docker;
    private final TrafficRouter nginx;
    private final NewContainers containers;
    private final Drainer drainer;
    private final ReleaseRunner releases;
    private final WorkerSteps workers;
    private final AfterSwitch afterSwitch;
    private final String server;
    private final String probe;
    private final PassListener listener;
    private final BooleanSupplier stopping;
    private final int parallelism;
    private final Optional<EarlyPulls> earlyPulls;
    /** The references this pass deploys: a prune of one app leaves them for the others (set by {@link #apply}). */
    private volatile Set<String> deploying = Set.of();

    /**
     * @param secrets     read when a container is created, not before
     * @param parallelism how many apps' steps run at once
     */
    Applier(ContainerEngine docker, TrafficRouter nginx, Supplier<Secrets> secrets, String server, String probe, PassListener listener,
            BooleanSupplier stopping, Bakes bakes, int parallelism) {
        this(docker, nginx, secrets, server, probe, listener, stopping, bakes, parallelism, Optional.empty(), Optional.empty());
    }

    /**
     * @param earlyPulls pulls the pass started before planning: a Pull step takes its own from there
     * @param prometheus where bakes ask their apps' {@code bake.query}, when the host names a Prometheus
     */
    Applier(ContainerEngine docker, TrafficRouter nginx, Supplier<Secrets> secrets, String server, String probe, PassListener listener,
            BooleanSupplier stopping, Bakes bakes, int parallelism, Optional<EarlyPulls> earlyPulls,
            Optional<PrometheusQueries> prometheus) {
        this.earlyPulls = earlyPulls;
        this.server = server;
        this.listener = listener;
        this.stopping = stopping;
        this.parallelism = parallelism;
        this.docker = docker;
        // Every nginx change of this applier's parallel app runs goes through one lock.
        this.nginx = new SerialisedRouter(nginx);
        this.probe = probe;
        this.containers = new NewContainers(secrets, server);
        this.drainer = new Drainer(docker, listener, stopping);
        this.releases = new ReleaseRunner(docker, containers, listener, stopping);
        this.workers = new WorkerSteps(docker, containers, listener, stopping, server);
        // The bake only reads through the router (probes, the access log); its flip back goes through the lock.
        this.afterSwitch = new AfterSwitch(docker, this.nginx, new BakeWatch(docker, nginx, bakes, listener, stopping, prometheus, server), drainer,
                listener, probe);
    }

    /**
     * Runs every app's steps, up to {@code parallelism} apps at once, so one app's slow pull,
     * health gate or drain never delays another app's deploy. An app's steps stay in order on
     * one thread: an app never has two deploys under way. Nginx changes take turns (see
     * {@link SerialisedRouter}). Returns when every app's steps have ended, results in the
     * plan's order; {@code stalled} gains, from several threads, the spec hash of each deploy
     * that failed its gate.
     */
    List<PassResult.AppResult> apply(Planner.Plan plan, ConcurrentMap<String, String> stalled) {
        Map<String, List<Action>> byApp = plan.actions().stream()
                .collect(Collectors.groupingBy(Action::app, LinkedHashMap::new, Collectors.toList()));
        deploying = plan.actions().stream().filter(a -> a instanceof Action.Pull)
                .map(a -> ((Action.Pull) a).desired().imageRef()).collect(Collectors.toUnmodifiableSet());
        if (byApp.isEmpty()) {
            return List.of();
        }
        return SideBySide.run(byApp, parallelism, (app, steps) -> applyOrReport(app, steps, stalled));
    }

    /** One app's steps on a deploy thread named after the app; even a surprise outside its steps ends as that app's failure. */
    private PassResult.AppResult applyOrReport(String app, List<Action> steps, Map<String, String> stalled) {
        try {
            return applyApp(app, steps, stalled);
        } catch (RuntimeException e) {
            Failure failure = kindOf(e);
            listener.progress(app + ": FAILED: " + failure.message());
            return new PassResult.AppResult(app, AppOutcome.FAILED, failure.message(), Map.of(), Optional.of(failure));
        }
    }

    /**
     * One app's steps. Whatever goes wrong in them (even an exception nobody expected) ends
     * this app only: its half-done work is cleaned up, it is reported failed with the reason,
     * and the other apps proceed.
     */
    private PassResult.AppResult applyApp(String app, List<Action> steps, Map<String, String> stalled) {
        Map<String, Duration> stages = new LinkedHashMap<>();
        AppRun run = new AppRun();
        for (Action step : steps) {
            long start = System.nanoTime();
            if (stopping.getAsBoolean()) {
                // A safe point: nothing half-done survives (an unswitched new colour is removed).
                cleanUpAfterFailure(run);
                listener.progress(app + ": stopping before " + step.stage());
                return new PassResult.AppResult(app, AppOutcome.ABORTED, "stopped before " + step.stage(), stages,
                        Optional.of(new Failure.Failed("stopped before " + step.stage())), run.failedRequests());
            }
            listener.progress(app + ": " + step.describe());
            try {
                run(step, run);
            } catch (StepFailed | RuntimeException e) {
                Failure failure = kindOf(e);
                if (e instanceof NginxException) {
                    listener.nginxFailed(app, e.getMessage());
                }
                cleanUpAfterFailure(run);
                if (failure instanceof Failure.Stalled && step instanceof Action.DeployWorker w) {
                    // Only that worker's spec waits; the web process (perhaps deployed by this very pass) is fine.
                    stalled.put(Plans.workerKey(app, w.worker().name()), Plans.workerHash(w.desired(), w.worker()));
                } else if (failure instanceof Failure.Stalled) {
                    // The spec that failed its release, its gate or its bake waits for a change to the desired state.
                    steps.stream().filter(s -> s instanceof Action.RunRelease || s instanceof Action.AwaitHealthy
                                    || s instanceof Action.Bake).findFirst()
                            .ifPresent(s -> stalled.put(app, Plans.specHash(desiredOf(s))));
                }
                stages.put(step.stage(), Duration.ofNanos(System.nanoTime() - start));
                AppOutcome outcome = run.flippedBack ? AppOutcome.FLIPPED_BACK
                        : failure instanceof Failure.Stalled ? AppOutcome.STALLED : AppOutcome.FAILED;
                listener.progress(app + ": " + (run.flippedBack ? "FLIPPED BACK" : "FAILED") + " at " + step.stage() + ": "
                        + failure.message());
                return new PassResult.AppResult(app, outcome, step.stage() + ": " + failure.message(), stages,
                        Optional.of(failure.prefixed(step.stage() + ": ")), run.failedRequests());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            stages.merge(step.stage(), took, Duration::plus);
            listener.progress(app + ": done " + step.stage() + " in " + seconds(took));
        }
        if (run.setAside != null) {
            // The old live colour is now the kept one; the set-aside container is an older version.
            try {
                docker.remove(run.setAside.containerId());
            } catch (RuntimeException e) {
                listener.progress(app + ": could not remove the older kept container (the next pass retries): " + e.getMessage());
            }
        }
        OptionalInt failed = run.failedRequests();
        failed.ifPresent(n -> listener.progress(app + ": " + n + " request(s) failed during the switch, bake and drain"));
        return new PassResult.AppResult(app, outcome(steps), summary(steps), stages, Optional.empty(), failed);
    }

    private static DesiredApp desiredOf(Action step) {
        if (step instanceof Action.RunRelease r) {
            return r.desired();
        }
        return step instanceof Action.Bake b ? b.desired() : ((Action.AwaitHealthy) step).desired();
    }

    /** The one place a thrown failure becomes a kind: by its type, never by its message. */
    static Failure kindOf(Exception e) {
        if (e instanceof StepFailed f) {
            return f.failure;
        }
        if (e instanceof DockerException d) {
            return d.unreachable() ? new Failure.Transient(d.getMessage()) : new Failure.Failed(d.getMessage());
        }
        if (e instanceof SecretsUnavailable) {
            return new Failure.Invalid(e.getMessage());
        }
        if (e instanceof NginxException) {
            return new Failure.Failed(e.getMessage());
        }
        // Unexpected: a bug or a value that validated but broke at run time. Say what it was.
        return new Failure.Failed("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private void run(Action step, AppRun run) throws StepFailed {
        if (step instanceof Action.Pull p) {
            pull(p.desired());
            Failpoints.reach(Failpoints.AFTER_PULL);
        } else if (step instanceof Action.RunRelease r) {
            releases.run(r);
        } else if (step instanceof Action.SetAsideKept k) {
            docker.removeOwn(Plans.keptName(k.app(), k.colour()), server);
            docker.rename(k.containerId(), Plans.keptName(k.app(), k.colour()));
            run.setAside = k;
        } else if (step instanceof Action.RestoreKept k) {
            docker.rename(k.containerId(), Plans.containerName(k.app(), k.colour()));
        } else if (step instanceof Action.RemoveKept k) {
            docker.remove(k.containerId());
        } else if (step instanceof Action.RemoveUnfinished u) {
            docker.remove(u.containerId());
        } else if (step instanceof Action.StartColour s) {
            // Read before the slot's old container goes: the images it and the others ran join the new one's history.
            List<String> ranBefore = docker.imagesRan(server, s.app());
            // Whatever holds the name goes only if it is this server's: never a user's or another server's container.
            docker.removeOwn(Plans.containerName(s.app(), s.colour()), server);
            run.newName = Plans.containerName(s.app(), s.colour());
            run.newContainer = docker.createAndStart(containers.containerSpec(s.desired(), s.colour(), s.revision(), ranBefore));
            Failpoints.reach(Failpoints.AFTER_START);
        } else if (step instanceof Action.StartKept k) {
            docker.start(k.containerId());
            run.newContainer = k.containerId();
            run.newIsKept = true;
        } else if (step instanceof Action.AwaitHealthy h) {
            awaitHealthy(h, run.newContainer);
        } else if (step instanceof Action.StartReplicas r) {
            startReplicas(r, run);
        } else if (step instanceof Action.RemoveReplicas r) {
            for (String id : r.ids()) {
                docker.stop(id, r.grace());
                docker.remove(id);
            }
        } else if (step instanceof Action.SwitchTraffic s) {
            if (run.traffic == null) { // opened at the first canary step, if there was one
                run.traffic = DeployTraffic.fromNow(nginx, s.desired().spec().upstream());
            }
            pointNginxAt(s.desired(), s.to());
            run.switched = true;
        } else if (step instanceof Action.Bake b) {
            if (!run.promoted) {
                afterSwitch.bake(b, run);
            }
        } else if (step instanceof Action.CanaryStep c) {
            if (!run.promoted) {
                afterSwitch.canaryStep(c, run);
            }
        } else if (step instanceof Action.RepairUpstream r) {
            pointNginxAt(r.desired(), r.live());
        } else if (step instanceof Action.Pin p) {
            nginx.switchTo(p.desired().spec().upstream(), RolledBack.render(p.desired(), p.to(), probe, p.specHash()),
                    p.app(), String.join(",", Plans.addresses(p.desired(), p.to())), p.desired().spec().health().path());
            run.switched = true;
        } else if (step instanceof Action.Drain d) {
            drainer.drain(d);
        } else if (step instanceof Action.StopColour s) {
            docker.stop(s.containerId(), s.grace());
        } else if (step instanceof Action.PruneImages p) {
            prune(p, run);
        } else if (step instanceof Action.DeployWorker w) {
            workers.deploy(w);
        } else if (step instanceof Action.RemoveWorkers r) {
            workers.remove(r);
        } else if (step instanceof Action.RemoveApp r) {
            if (r.upstream().isPresent() && nginx.read(r.upstream().get()).isPresent()) {
                nginx.apply(r.upstream().get(), Optional.empty());
            }
            r.containerIds().forEach(docker::remove);
        } else {
            throw new IllegalStateException("no way to apply " + step);
        }
    }

    /**
     * After the new version serves: the older kept version this deploy set aside goes first,
     * so its image may go too; then the images ImagePruning picks: only images this app's
     * containers ran, never one any container uses. A failure here is reported and left to
     * the next deploy: it must not fail a version that already serves.
     */
    private void prune(Action.PruneImages p, AppRun run) {
        try {
            if (run.setAside != null) {
                docker.remove(run.setAside.containerId());
                run.setAside = null;
            }
            int removed = docker.pruneImages(docker.imagesRan(server, p.app()), p.desired().spec().keepImages(), deploying);
            listener.progress(p.app() + ": removed " + removed + " old image(s)");
        } catch (RuntimeException e) {
            listener.progress(p.app() + ": could not prune (the next deploy tries again): " + e.getMessage());
        }
    }

    /**
     * Pulls the desired image, or waits for the pull this pass started early. When the registry cannot be reached (or does not have the tag)
     * but the host already has an image under that reference (a revert to a version that ran
     * here), that image is used: a rollback must not depend on the registry being up.
     */
    private void pull(DesiredApp d) {
        try {
            Optional<CompletableFuture<Void>> early = earlyPulls.flatMap(p -> p.take(d.imageRef()));
            if (early.isPresent()) {
                EarlyPulls.await(early.get());
            } else {
                docker.pull(d.spec().image(), d.tag());
            }
        } catch (DockerException e) {
            if (!e.unreachable() || !docker.hasImage(d.imageRef())) {
                throw e;
            }
            listener.progress(d.name() + ": " + e.getMessage() + "; using " + d.imageRef() + " already on this host");
        }
    }

    private void awaitHealthy(Action.AwaitHealthy h, String containerId) throws StepFailed {
        awaitHealthy(h.desired(), h.colour(), 0, containerId);
    }

    /** Starts replicas beyond a colour's first, then gates each on its own port; a failure removes those this run started. */
    private void startReplicas(Action.StartReplicas s, AppRun run) throws StepFailed {
        List<String> ranBefore = docker.imagesRan(server, s.app());
        List<String> started = new ArrayList<>();
        for (int i : s.replicas()) {
            docker.removeOwn(Plans.containerName(s.app(), s.colour(), i), server);
            String id = s.copyOf().isPresent()
                    ? docker.createAndStartCopy(s.copyOf().get(), Plans.containerName(s.app(), s.colour(), i), Plans.port(s.desired(), s.colour(), i),
                            Map.of(Labels.REPLICA, Integer.toString(i)))
                    : docker.createAndStart(containers.containerSpec(s.desired(), s.colour(), i, s.revision(), ranBefore));
            run.newReplicas.add(id);
            started.add(id);
        }
        for (int k = 0; k < started.size(); k++) {
            awaitHealthy(s.desired(), s.colour(), s.replicas().get(k), started.get(k));
        }
    }

    private void awaitHealthy(DesiredApp d, Colour colour, int replica, String containerId) throws StepFailed {
        URI url = URI.create("http://" + Plans.address(d) + ":" + Plans.port(d, colour, replica) + d.spec().health().path());
        String which = colour.label() + (replica == 0 ? "" : " replica #" + (replica + 1));
        try {
            Duration took = HealthGate.await(url, d.spec().health(), () -> docker.status(containerId), stopping);
            listener.progress(d.name() + ": " + which + " healthy after " + seconds(took));
        } catch (HealthGate.Failed e) {
            if (stopping.getAsBoolean()) {
                throw new StepFailed(new Failure.Failed("stopped during the health gate"));
            }
            List<String> logs = docker.lastLogLines(containerId, 5);
            throw new StepFailed(new Failure.Stalled(d.tag() + " on " + which + " failed its health gate: "
                    + e.getMessage() + (logs.isEmpty() ? "" : "; last log lines: " + String.join(" | ", logs))));
        }
    }

    private void pointNginxAt(DesiredApp d, Colour live) {
        AfterSwitch.pointAt(nginx, d, live, probe);
    }

    private void cleanUpAfterFailure(AppRun run) {
        if (run.switched) {
            return;
        }
        for (String id : run.newReplicas) {
            try {
                docker.remove(id);
            } catch (RuntimeException e) {
                listener.progress("could not clean up replica " + id + ": " + e.getMessage());
            }
        }
        removeNewColour(run);
        if (run.setAside != null) {
            try {
                docker.rename(run.setAside.containerId(), Plans.containerName(run.setAside.app(), run.setAside.colour()));
            } catch (RuntimeException e) {
                listener.progress(run.setAside.app() + ": could not put the kept container back (the next pass retries): "
                        + e.getMessage());
            }
        }
    }

    private void removeNewColour(AppRun run) {
        if (run.newContainer == null && run.newName == null) {
            return;
        }
        String which = run.newContainer != null ? run.newContainer : run.newName;
        try {
            if (run.newIsKept) {
                docker.stop(run.newContainer, Duration.ofSeconds(10));
            } else {
                // By id once started; by name when creating or starting it failed half-way.
                docker.remove(which);
            }
        } catch (RuntimeException e) {
            listener.progress("could not clean up container " + which + ": " + e.getMessage());
        }
    }

    private static AppOutcome outcome(List<Action> steps) {
        if (steps.stream().anyMatch(s -> s instanceof Action.SwitchTraffic || s instanceof Action.StartKept
                || s instanceof Action.DeployWorker)) {
            return AppOutcome.DEPLOYED;
        }
        if (steps.stream().anyMatch(s -> s instanceof Action.RemoveApp)) {
            return AppOutcome.REMOVED;
        }
        return steps.stream().anyMatch(s -> s instanceof Action.RepairUpstream || s instanceof Action.Pin)
                ? AppOutcome.REPAIRED : AppOutcome.STOPPED_IDLE;
    }

    private static String summary(List<Action> steps) {
        return String.join(", ", steps.stream().map(Action::describe).toList());
    }

    static String seconds(Duration d) {
        return String.format("%.2fs", d.toNanos() / 1e9);
    }
}

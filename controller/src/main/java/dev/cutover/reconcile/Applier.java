package dev.cutover.reconcile;

import dev.cutover.config.SecretsUnavailable;
import dev.cutover.config.Secrets;
import dev.cutover.common.Failpoints;
import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ContainerSpec;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.DockerException;
import dev.cutover.docker.ImageHistory;
import dev.cutover.docker.Labels;
import dev.cutover.health.Connections;
import dev.cutover.health.HealthGate;
import dev.cutover.common.Http;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.nginx.NginxException;
import dev.cutover.nginx.UpstreamFile;
import dev.cutover.outcome.Failure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out a plan: each app's steps in order, several apps at once. A new colour that
 * never becomes healthy is removed and nginx is never touched for it; a switch that nginx
 * rejects is rolled back by {@link Nginx}; in both cases the old colour keeps serving.
 */
final class Applier {
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);

    private final ContainerEngine docker;
    private final TrafficRouter nginx;
    private final Supplier<Secrets> secrets;
    private final String server;
    private final String probe;
    private final PassListener listener;
    private final BooleanSupplier stopping;
    private final BakeWatch bakeWatch;
    private final int parallelism;
    /** The references this pass deploys: a prune of one app leaves them for the others (set by {@link #apply}). */
    private volatile Set<String> deploying = Set.of();

    /**
     * @param secrets     read when a container is created, not before
     * @param parallelism how many apps' steps run at once
     */
    Applier(ContainerEngine docker, TrafficRouter nginx, Supplier<Secrets> secrets, String server, String probe, PassListener listener,
            BooleanSupplier stopping, Bakes bakes, int parallelism) {
        this.bakeWatch = new BakeWatch(docker, nginx, bakes, listener, stopping);
        this.server = server;
        this.listener = listener;
        this.stopping = stopping;
        this.parallelism = parallelism;
        this.docker = docker;
        // Every nginx change of this applier's parallel app runs goes through one lock.
        this.nginx = new SerialisedRouter(nginx);
        this.secrets = secrets;
        this.probe = probe;
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, byApp.size()), Applier::deployThread);
        try {
            List<Future<PassResult.AppResult>> running = new ArrayList<>();
            byApp.forEach((app, steps) -> running.add(pool.submit(() -> applyOrReport(app, steps, stalled))));
            List<PassResult.AppResult> results = new ArrayList<>();
            running.forEach(f -> results.add(awaitUninterruptibly(f)));
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static Thread deployThread(Runnable r) {
        Thread t = new Thread(r, "deploy");
        t.setDaemon(true);
        return t;
    }

    /** One app's steps on a deploy thread named after the app; even a surprise outside its steps ends as that app's failure. */
    private PassResult.AppResult applyOrReport(String app, List<Action> steps, Map<String, String> stalled) {
        Thread.currentThread().setName("deploy " + app);
        try {
            return applyApp(app, steps, stalled);
        } catch (RuntimeException e) {
            Failure failure = kindOf(e);
            listener.progress(app + ": FAILED: " + failure.message());
            return new PassResult.AppResult(app, AppOutcome.FAILED, failure.message(), Map.of(), Optional.of(failure));
        }
    }

    /**
     * A pass returns only once every app's steps have ended, interrupted or not: the next
     * pass must never plan over a deploy still under way. A stop is asked through
     * {@code stopping}, which each app obeys at its next safe point.
     */
    private static PassResult.AppResult awaitUninterruptibly(Future<PassResult.AppResult> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // applyOrReport catches every exception: only an Error (out of memory, …) gets here.
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
                if (failure instanceof Failure.Stalled) {
                    // The spec that failed its gate or its bake waits for a change to the desired state.
                    steps.stream().filter(s -> s instanceof Action.AwaitHealthy || s instanceof Action.Bake).findFirst()
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

    /** What a run of one app's steps has created so far, so a failure can undo it. */
    private static final class AppRun {
        String newContainer;
        /** The name of a new colour being created, so a start that fails half-way is cleaned up too. */
        String newName;
        boolean newIsKept;
        /** The rollback colour moved out of the new colour's slot: put back on failure, removed once replaced. */
        Action.SetAsideKept setAside;
        boolean switched;
        /** The access log from the switch on: the bake's evidence and the deploy's cost. */
        DeployTraffic traffic;
        boolean flippedBack;
        /** Someone ran {@code cutover promote}: the remaining canary steps and the bake are skipped. */
        boolean promoted;

        OptionalInt failedRequests() {
            return traffic == null ? OptionalInt.empty() : traffic.failedRequests();
        }
    }

    private void run(Action step, AppRun run) throws StepFailed {
        if (step instanceof Action.Pull p) {
            pull(p.desired());
            Failpoints.reach(Failpoints.AFTER_PULL);
        } else if (step instanceof Action.SetAsideKept k) {
            docker.remove(Plans.keptName(k.app(), k.colour()));
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
            docker.remove(Plans.containerName(s.app(), s.colour()));
            run.newName = Plans.containerName(s.app(), s.colour());
            run.newContainer = docker.createAndStart(containerSpec(s.desired(), s.colour(), s.revision(), ranBefore));
            Failpoints.reach(Failpoints.AFTER_START);
        } else if (step instanceof Action.StartKept k) {
            docker.start(k.containerId());
            run.newContainer = k.containerId();
            run.newIsKept = true;
        } else if (step instanceof Action.AwaitHealthy h) {
            awaitHealthy(h, run.newContainer);
        } else if (step instanceof Action.SwitchTraffic s) {
            if (run.traffic == null) { // opened at the first canary step, if there was one
                run.traffic = DeployTraffic.fromNow(nginx, s.desired().spec().upstream());
            }
            pointNginxAt(s.desired(), s.to());
            run.switched = true;
        } else if (step instanceof Action.Bake b) {
            if (!run.promoted) {
                bake(b, run);
            }
        } else if (step instanceof Action.CanaryStep c) {
            if (!run.promoted) {
                canaryStep(c, run);
            }
        } else if (step instanceof Action.RepairUpstream r) {
            pointNginxAt(r.desired(), r.live());
        } else if (step instanceof Action.Pin p) {
            nginx.switchTo(p.desired().spec().upstream(), RolledBack.render(p.desired(), p.to(), probe, p.specHash()),
                    p.app(), Plans.address(p.desired()) + ":" + Plans.port(p.desired(), p.to()), p.desired().spec().health().path());
            run.switched = true;
        } else if (step instanceof Action.Drain d) {
            drain(d);
        } else if (step instanceof Action.StopColour s) {
            docker.stop(s.containerId(), s.grace());
        } else if (step instanceof Action.PruneImages p) {
            prune(p, run);
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
     * Pulls the desired image. When the registry cannot be reached (or does not have the tag)
     * but the host already has an image under that reference (a revert to a version that ran
     * here), that image is used: a rollback must not depend on the registry being up.
     */
    private void pull(DesiredApp d) {
        try {
            docker.pull(d.spec().image(), d.tag());
        } catch (DockerException e) {
            if (!e.unreachable() || !docker.hasImage(d.imageRef())) {
                throw e;
            }
            listener.progress(d.name() + ": " + e.getMessage() + "; using " + d.imageRef() + " already on this host");
        }
    }

    private void awaitHealthy(Action.AwaitHealthy h, String containerId) throws StepFailed {
        DesiredApp d = h.desired();
        URI url = URI.create("http://" + Plans.address(d) + ":" + Plans.port(d, h.colour()) + d.spec().health().path());
        try {
            Duration took = HealthGate.await(url, d.spec().health(), () -> docker.status(containerId), stopping);
            listener.progress(d.name() + ": " + h.colour().label() + " healthy after " + seconds(took));
        } catch (HealthGate.Failed e) {
            if (stopping.getAsBoolean()) {
                throw new StepFailed(new Failure.Failed("stopped during the health gate"));
            }
            List<String> logs = docker.lastLogLines(containerId, 5);
            throw new StepFailed(new Failure.Stalled(d.tag() + " on " + h.colour().label() + " failed its health gate: "
                    + e.getMessage() + (logs.isEmpty() ? "" : "; last log lines: " + String.join(" | ", logs))));
        }
    }

    /**
     * Bakes the live colour; if it fails, flips nginx back to the old colour (still running),
     * drains and removes the new one, and puts a set-aside kept colour back.
     */
    private void bake(Action.Bake b, AppRun run) throws StepFailed {
        if (run.traffic == null) {
            run.traffic = DeployTraffic.fromNow(nginx, b.desired().spec().upstream());
        }
        String live = run.newContainer != null ? run.newContainer : b.liveContainerId().orElseThrow();
        judge(new BakeWatch.Subject(b.desired(), b.live(), live, b.desired().spec().bake().duration(), "bake", false), run);
    }

    /** Gives the new colour its step's share of requests and judges it like a bake; a failure sends all traffic back. */
    private void canaryStep(Action.CanaryStep c, AppRun run) throws StepFailed {
        DesiredApp d = c.desired();
        if (run.traffic == null) {
            run.traffic = DeployTraffic.fromNow(nginx, d.spec().upstream());
        }
        Colour old = c.canary().other();
        nginx.apply(d.spec().upstream(), Optional.of(UpstreamFile.renderCanary(d.name(), d.spec().upstream(), old, Plans.address(d),
                Plans.port(d, old), Plans.port(d, c.canary()), c.percent(), d.spec().bake().canary().orElseThrow().hashKey(), probe)));
        run.switched = true; // from here on, a failure flips back rather than leaving nginx alone
        judge(new BakeWatch.Subject(d, c.canary(), run.newContainer, d.spec().bake().canary().orElseThrow().stepDuration(),
                "canary step " + c.percent() + "%", true), run);
    }

    private void judge(BakeWatch.Subject s, AppRun run) throws StepFailed {
        BakeWatch.Verdict verdict = bakeWatch.watch(s, run.traffic);
        if (verdict instanceof BakeWatch.Verdict.Passed p) {
            listener.progress(s.desired().name() + ": " + s.what() + " " + p.how());
            run.promoted = p.promoted();
            return;
        }
        if (verdict instanceof BakeWatch.Verdict.Interrupted) {
            if (s.weighted()) {
                // Nobody would watch the split while Cutover is down: all traffic goes back to the old colour.
                pointNginxAt(s.desired(), s.judged().other());
                throw new StepFailed(new Failure.Failed("stopped during the " + s.what() + "; all traffic is back on "
                        + s.judged().other().label() + " and the next start deploys again"));
            }
            throw new StepFailed(new Failure.Failed("stopped during the bake; both colours keep running and the next start bakes "
                    + s.judged().label() + " again"));
        }
        String reason = ((BakeWatch.Verdict.Failed) verdict).reason();
        Colour old = s.judged().other();
        listener.progress(s.desired().name() + ": " + reason + "; flipping back to " + old.label());
        pointNginxAt(s.desired(), old);
        run.flippedBack = true;
        drain(new Action.Drain(s.desired(), s.judged(), s.container()));
        docker.remove(s.container());
        if (run.setAside != null) {
            docker.rename(run.setAside.containerId(), Plans.containerName(run.setAside.app(), run.setAside.colour()));
            run.setAside = null;
        }
        throw new StepFailed(new Failure.Stalled(reason + "; flipped back to " + old.label()));
    }

    private void pointNginxAt(DesiredApp d, Colour live) {
        nginx.switchTo(d.spec().upstream(), Planner.render(d, live, probe), d.name(),
                Plans.address(d) + ":" + Plans.port(d, live), d.spec().health().path());
    }

    /** Waits until the old colour serves no connection (twice in a row), or its drain timeout. */
    private void drain(Action.Drain d) {
        long deadline = System.nanoTime() + d.desired().spec().drainTimeout().toNanos();
        int quiet = 0;
        int open = 0;
        while (System.nanoTime() < deadline && !stopping.getAsBoolean()) {
            var status = docker.status(d.containerId());
            if (!status.running()) {
                return;
            }
            try {
                open = Connections.serving(status.pid(), d.desired().spec().port());
            } catch (IOException e) {
                listener.progress(d.app() + ": cannot observe connections (" + e.getMessage() + "); waiting the full drain timeout");
                open = -1;
            }
            quiet = open == 0 ? quiet + 1 : 0;
            Failpoints.reach(Failpoints.DURING_DRAIN);
            if (quiet >= 2) {
                return;
            }
            Http.pause(DRAIN_POLL);
        }
        listener.progress(d.app() + ": drain timed out with " + open + " connection(s) still open");
    }

    private void cleanUpAfterFailure(AppRun run) {
        if (run.switched) {
            return;
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

    /** @param ranBefore the images the app's containers ran so far: recorded, so a prune knows they are Cutover's */
    private ContainerSpec containerSpec(DesiredApp d, Colour colour, String revision, List<String> ranBefore) {
        List<String> env = new ArrayList<>();
        d.spec().env().forEach((k, v) -> env.add(k + "=" + v));
        if (!d.spec().secrets().isEmpty()) {
            Secrets values = secrets.get();
            d.spec().secrets().forEach(name -> env.add(name + "=" + values.value(name)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.SERVER, server);
        labels.put(Labels.APP, d.name());
        labels.put(Labels.COLOUR, colour.label());
        labels.put(Labels.TAG, d.tag());
        labels.put(Labels.REVISION, revision);
        labels.put(Labels.SPEC_HASH, Plans.specHash(d));
        labels.put(Labels.UPSTREAM, d.spec().upstream());
        labels.put(Labels.IMAGE_HISTORY, ImageHistory.label(ranBefore));
        return new ContainerSpec(Plans.containerName(d.name(), colour), d.imageRef(), labels, env,
                d.spec().port(), d.spec().bind(), Plans.port(d, colour), d.spec().container());
    }

    private static AppOutcome outcome(List<Action> steps) {
        if (steps.stream().anyMatch(s -> s instanceof Action.SwitchTraffic || s instanceof Action.StartKept)) {
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

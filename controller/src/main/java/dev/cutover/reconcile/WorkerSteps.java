package dev.cutover.reconcile;

import dev.cutover.common.Http;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Worker;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.ContainerStatus;
import dev.cutover.docker.ExecResult;
import dev.cutover.outcome.Failure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Carries out worker steps. A worker is replaced by starting the new one, waiting until it has
 * stayed up for its settle (and reported healthy, if its image declares a Docker HEALTHCHECK,
 * and its check command exited 0, if it has one: tried every 200 ms up to its deadline),
 * then stopping the old one with its stop timeout; a singleton's old one is stopped first, so
 * two never run at once, and started again if the new one fails. A new one that fails is
 * removed, with its last log lines in the reason.
 */
final class WorkerSteps {
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long one run of a worker's check command may take. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final ContainerEngine docker;
    private final NewContainers containers;
    private final PassListener listener;
    private final BooleanSupplier stopping;
    private final String server;

    WorkerSteps(ContainerEngine docker, NewContainers containers, PassListener listener, BooleanSupplier stopping, String server) {
        this.docker = docker;
        this.containers = containers;
        this.listener = listener;
        this.stopping = stopping;
        this.server = server;
    }

    void deploy(Action.DeployWorker step) throws StepFailed {
        DesiredApp d = step.desired();
        Worker w = step.worker();
        List<String> putBack = w.singleton() ? toPutBack(step) : List.of();
        if (w.singleton()) {
            step.oldIds().forEach(id -> docker.stop(id, w.stopTimeout()));
        }
        String id;
        if (step.resume().isPresent()) {
            id = step.resume().get();
        } else {
            try {
                // A container of this very spec left by an interrupted attempt goes first (only if it is this server's).
                docker.removeOwn(Plans.workerName(d.name(), w.name(), Plans.workerHash(d, w)), server);
                id = docker.createAndStartWorker(containers.workerSpec(d, w, step.revision()));
            } catch (RuntimeException e) {
                startAgain(putBack);
                throw e;
            }
        }
        Optional<Failure> failed = settle(id, w, d);
        if (failed.isPresent()) {
            List<String> logs = docker.lastLogLines(id, 5);
            docker.remove(id);
            String notBack = startAgain(putBack);
            Failure f = failed.get();
            String why = f.message() + (logs.isEmpty() ? "" : "; last log lines: " + String.join(" | ", logs)) + notBack;
            throw new StepFailed(f instanceof Failure.Stalled ? new Failure.Stalled(why) : new Failure.Failed(why));
        }
        listener.progress(d.name() + ": worker " + w.name() + " at " + d.tag() + " stayed up for " + w.settle().toSeconds() + "s");
        for (String old : step.oldIds()) {
            docker.stop(old, w.stopTimeout());
            docker.remove(old);
        }
    }

    void remove(Action.RemoveWorkers step) {
        for (String id : step.ids()) {
            docker.stop(id, step.grace());
            docker.remove(id);
        }
    }

    /**
     * The old ones of a singleton to start again if its new one fails: those running before the
     * step (a non-singleton's are never stopped). An unfinished deploy that is resumed has stopped
     * its old one already: that one, and only one, so two never run.
     */
    private List<String> toPutBack(Action.DeployWorker step) {
        List<String> running = step.oldIds().stream().filter(id -> docker.status(id).running()).toList();
        if (running.isEmpty() && step.resume().isPresent() && !step.oldIds().isEmpty()) {
            return List.of(step.oldIds().get(0));
        }
        return running;
    }

    /** Starts the old ones again; empty, or what went wrong, so the new one's failure stays the reason. */
    private String startAgain(List<String> ids) {
        try {
            ids.forEach(docker::start);
            return "";
        } catch (RuntimeException e) {
            return "; the old one could not be started again: " + e.getMessage();
        }
    }

    /** Empty when the new one stayed up for its settle and, with a HEALTHCHECK, reported healthy in time. */
    private Optional<Failure> settle(String id, Worker w, DesiredApp d) {
        long start = System.nanoTime();
        long settled = start + w.settle().toNanos();
        long deadline = start + Math.max(w.settle().toNanos(), w.deadline().toNanos());
        String what = "worker " + w.name() + " at " + d.tag();
        String lastCheck = "";
        while (true) {
            ContainerStatus s = docker.status(id);
            if (!s.running() || s.restarting() || s.restartCount() > 0) {
                boolean restarted = s.running() || s.restarting();
                return Optional.of(new Failure.Stalled(what + " exited" + s.exitCode().map(c -> " with code " + c).orElse("")
                        + (restarted ? " and was restarted" : "") + " within its settle of " + w.settle().toSeconds() + "s"));
            }
            if (s.health().filter("unhealthy"::equals).isPresent()) {
                return Optional.of(new Failure.Stalled(what + " reported unhealthy (its image's HEALTHCHECK)"));
            }
            boolean healthy = s.health().map("healthy"::equals).orElse(true);
            long now = System.nanoTime();
            if (now >= settled && healthy) {
                if (w.check().isEmpty()) {
                    return Optional.empty();
                }
                ExecResult r = docker.exec(id, w.check().get(), CHECK_TIMEOUT);
                if (r.ok()) {
                    return Optional.empty();
                }
                lastCheck = "its check " + w.check().get() + (r.exitCode().isPresent() ? " exited " + r.exitCode().get()
                        : " did not end within " + CHECK_TIMEOUT.toSeconds() + "s")
                        + (r.lastLines().isEmpty() ? "" : " (" + String.join(" | ", r.lastLines()) + ")");
            }
            if (now >= deadline) {
                return Optional.of(new Failure.Stalled(what + " was not ready within " + w.deadline().toSeconds() + "s: "
                        + (lastCheck.isEmpty() ? "its image's HEALTHCHECK says " + s.health().orElse("nothing") : lastCheck)));
            }
            if (stopping.getAsBoolean()) {
                return Optional.of(new Failure.Failed(what + ": stopped before it settled"));
            }
            Http.pause(POLL);
        }
    }
}

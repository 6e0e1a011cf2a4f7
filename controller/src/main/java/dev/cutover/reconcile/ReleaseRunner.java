package dev.cutover.reconcile;

import dev.cutover.common.Failpoints;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Release;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.ContainerStatus;
import dev.cutover.outcome.Failure;
import dev.cutover.yaml.Excerpt;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs an app's release command in its one-off container and waits for the verdict: exit 0
 * lets the deploy go on; anything else, or the timeout, fails it before the new colour starts,
 * stalled like a failed gate, with the command's last output lines in the reason.
 */
final class ReleaseRunner {
    /** How often the container is looked at while the command runs. */
    private static final Duration POLL = Duration.ofMillis(200);
    /** The output lines quoted in a failure, each at most {@link #LINE_LIMIT} escaped characters. */
    static final int OUTPUT_LINES = 10;
    static final int LINE_LIMIT = 200;

    private final ContainerEngine docker;
    private final NewContainers containers;
    private final PassListener listener;
    private final BooleanSupplier stopping;

    ReleaseRunner(ContainerEngine docker, NewContainers containers, PassListener listener, BooleanSupplier stopping) {
        this.docker = docker;
        this.containers = containers;
        this.listener = listener;
        this.stopping = stopping;
    }

    void run(Action.RunRelease r) throws StepFailed {
        DesiredApp d = r.desired();
        Release release = d.spec().release().orElseThrow();
        String id;
        if (r.runningId().isPresent()) {
            // Started before Cutover was restarted: its exit code decides; a second run could migrate twice.
            id = r.runningId().get();
        } else {
            // The record of an older release: this one replaces it (only the latest deploy's is kept).
            docker.remove(Plans.releaseName(d.name()));
            id = docker.createAndStartOnce(containers.releaseSpec(d, r.revision()));
            Failpoints.reach(Failpoints.DURING_RELEASE);
        }
        long start = System.nanoTime();
        long deadline = start + release.timeout().toNanos();
        while (true) {
            ContainerStatus s = docker.status(id);
            if (!s.running() && !s.restarting()) {
                long code = s.exitCode().orElse(-1L);
                if (code == 0) {
                    listener.progress(d.name() + ": release command exited 0 after " + Applier.seconds(Duration.ofNanos(System.nanoTime() - start)));
                    return;
                }
                // Kept, stopped: the record that this spec's release failed.
                throw new StepFailed(new Failure.Stalled("the release command of " + d.tag() + " exited " + code + output(id)));
            }
            if (stopping.getAsBoolean()) {
                throw new StepFailed(new Failure.Failed("stopped while the release command runs; it carries on, and the next pass waits for it"));
            }
            if (System.nanoTime() > deadline) {
                String output = output(id);
                docker.remove(id); // kills it
                throw new StepFailed(new Failure.Stalled("the release command of " + d.tag() + " did not end within "
                        + within(release.timeout()) + " and was killed" + output));
            }
            sleep();
        }
    }

    private static String within(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /** The command's last output lines, escaped and bounded: they are the app's output, not ours. */
    private String output(String id) {
        List<String> lines = docker.lastLogLines(id, OUTPUT_LINES);
        return lines.isEmpty() ? "" : "; last output: " + String.join(" | ", lines.stream().map(l -> Excerpt.of(l, LINE_LIMIT)).toList());
    }

    private static void sleep() throws StepFailed {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed(new Failure.Failed("interrupted while the release command runs"));
        }
    }
}

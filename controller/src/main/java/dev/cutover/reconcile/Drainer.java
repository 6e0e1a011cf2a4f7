package dev.cutover.reconcile;

import dev.cutover.common.Failpoints;
import dev.cutover.common.Http;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.health.Connections;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Drains a colour on evidence, not on sleep: its container's established connections, read from its network namespace. */
final class Drainer {
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);

    private final ContainerEngine docker;
    private final PassListener listener;
    private final BooleanSupplier stopping;

    Drainer(ContainerEngine docker, PassListener listener, BooleanSupplier stopping) {
        this.docker = docker;
        this.listener = listener;
        this.stopping = stopping;
    }

    /** Waits until the old colour serves no connection (twice in a row), or its drain timeout. */
    void drain(Action.Drain d) {
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
}

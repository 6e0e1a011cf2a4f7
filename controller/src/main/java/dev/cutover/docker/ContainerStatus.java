package dev.cutover.docker;

import java.util.Optional;

/**
 * What inspecting a container says about whether it is still up.
 *
 * @param pid    the main process's PID on the host (0 when not running), for reading its sockets
 * @param health what the image's Docker HEALTHCHECK reports (starting, healthy, unhealthy); empty without one
 */
public record ContainerStatus(boolean running, boolean restarting, int restartCount,
                              Optional<Long> exitCode, long pid, Optional<String> health) {
    /** A status without a Docker HEALTHCHECK. */
    public ContainerStatus(boolean running, boolean restarting, int restartCount, Optional<Long> exitCode, long pid) {
        this(running, restarting, restartCount, exitCode, pid, Optional.empty());
    }

    /** A container that exited or was restarted has failed, whatever its health endpoint says. */
    public boolean failed() {
        return !running || restarting || restartCount > 0;
    }
}

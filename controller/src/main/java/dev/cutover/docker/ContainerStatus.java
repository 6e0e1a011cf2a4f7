package dev.cutover.docker;

import java.util.Optional;

/**
 * What inspecting a container says about whether it is still up.
 *
 * @param pid the main process's PID on the host (0 when not running), for reading its sockets
 */
public record ContainerStatus(boolean running, boolean restarting, int restartCount,
                              Optional<Long> exitCode, long pid) {
    /** A container that exited or was restarted has failed, whatever its health endpoint says. */
    public boolean failed() {
        return !running || restarting || restartCount > 0;
    }
}

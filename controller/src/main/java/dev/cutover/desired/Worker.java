package dev.cutover.desired;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A worker process of an app, as fly.io's {@code [processes]}: the app's image at the app's
 * tag, its env, secrets and container options, with a command of its own. No port, no
 * upstream: a worker deploy starts the new one, waits until it has stayed up, then stops
 * the old one.
 *
 * @param name        the process name, unique in the app
 * @param command     the command run in place of the image's ENTRYPOINT and CMD
 * @param singleton   never two at once: the old one is stopped before the new one starts
 * @param settle      how long a new one must stay up (running, never restarted) before it counts
 * @param deadline    how long a new one whose image declares a HEALTHCHECK may take to report healthy
 * @param stopTimeout how long an old one gets to exit after SIGTERM
 * @param check       a command run inside a new one once it has settled (docker exec): exit 0 says it is ready
 */
public record Worker(String name, List<String> command, boolean singleton, Duration settle, Duration deadline,
                     Duration stopTimeout, Optional<List<String>> check) {
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    public static final int MAX_WORKERS = 16;

    public Worker {
        command = List.copyOf(command);
        check = check.map(List::copyOf);
    }

    /** A worker without a check command. */
    public Worker(String name, List<String> command, boolean singleton, Duration settle, Duration deadline, Duration stopTimeout) {
        this(name, command, singleton, settle, deadline, stopTimeout, Optional.empty());
    }
}

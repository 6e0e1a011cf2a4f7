package dev.cutover.desired;

import java.time.Duration;
import java.util.List;

/**
 * A command run once per deploy, before the new colour starts, in a one-off container of the
 * new image (a database migration): its exit code decides whether the deploy goes on.
 *
 * @param command program and arguments, run as they are (they replace the image's ENTRYPOINT and CMD)
 * @param timeout longest the command may run; then it is killed and the deploy fails
 */
public record Release(List<String> command, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    public Release {
        command = List.copyOf(command);
    }
}

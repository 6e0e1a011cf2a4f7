package dev.cutover.docker;

import java.util.List;
import java.util.Optional;

/**
 * How a command run inside a container ended.
 *
 * @param exitCode empty when it did not end within its timeout
 * @param lastLines its last lines of output, stdout and stderr together
 */
public record ExecResult(Optional<Long> exitCode, List<String> lastLines) {
    public ExecResult {
        lastLines = List.copyOf(lastLines);
    }

    public boolean ok() {
        return exitCode.equals(Optional.of(0L));
    }
}

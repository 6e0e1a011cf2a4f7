package dev.cutover.desired;

import java.time.Duration;

/**
 * How a new colour proves it is healthy: HTTP GET {@code path} answers 2xx within
 * {@code timeout}, {@code successes} times in a row, polled every {@code interval}, and the
 * container stays up for {@code settle} after the first of those answers (so a build that
 * crashes a few seconds after start is caught), all within {@code deadline}. The settle
 * window is off by default: it sits on the path from merge to serving, and a build that
 * fails later is the bake's to catch after the switch.
 */
public record HealthCheck(String path, Duration timeout, Duration interval, Duration deadline, int successes,
                          Duration settle) {
    public static final HealthCheck DEFAULT = new HealthCheck("/", Duration.ofSeconds(2), Duration.ofMillis(50),
            Duration.ofSeconds(60), 3, Duration.ZERO);
}

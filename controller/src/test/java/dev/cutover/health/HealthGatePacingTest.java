package dev.cutover.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.desired.HealthCheck;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthGatePacingTest {
    @ParameterizedTest(name = "answer ok={0}, streak {1} of {2}, interval {3} ms: next probe after {4} ms")
    @CsvSource({
            // ok, streak, successes, interval ms, pause ms
            "false, 0, 3, 50, 50",   // not up yet: paced by the interval
            "true,  1, 3, 50, 10",   // answering: the next successes are asked for at once
            "true,  2, 3, 50, 10",
            "true,  3, 3, 50, 50",   // enough successes, the settle window runs: back to the interval
            "true,  1, 1, 50, 50",
            "false, 0, 3, 10, 10",
            "true,  1, 3, 10, 10",   // an interval at the gap already is kept
            "true,  1, 3, 5000, 10",
    })
    void consecutiveSuccessesAreProbedAtOnceAndEverythingElseAtTheInterval(boolean ok, int streak, int successes,
                                                                            long intervalMs, long pauseMs) {
        HealthCheck check = new HealthCheck("/", Duration.ofSeconds(2), Duration.ofMillis(intervalMs),
                Duration.ofSeconds(60), successes, Duration.ZERO);
        assertEquals(Duration.ofMillis(pauseMs), HealthGate.pauseAfter(ok, streak, check));
    }
}

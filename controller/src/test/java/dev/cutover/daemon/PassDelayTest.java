package dev.cutover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PassDelayTest {
    @ParameterizedTest(name = "after {1} transient failure(s) with a {0}s interval, wait {2} ms")
    @CsvSource({"30, 1, 1000", "30, 2, 2000", "30, 5, 16000", "30, 6, 30000", "3600, 30, 300000"})
    void transientFailuresRetrySoonerBackingOffUpToTheInterval(long interval, int failures, long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis), Daemon.delay(Duration.ofSeconds(interval), failures));
    }

    @Test
    void aHealthyServerWaitsTheIntervalWithinTenPercentJitter() {
        for (int i = 0; i < 200; i++) {
            long ms = Daemon.delay(Duration.ofSeconds(30), 0).toMillis();
            assertTrue(ms >= 27_000 && ms <= 33_000, Long.toString(ms));
        }
    }
}

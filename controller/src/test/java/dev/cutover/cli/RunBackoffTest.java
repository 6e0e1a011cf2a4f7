package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunBackoffTest {
    @ParameterizedTest(name = "after {1} transient failure(s) with a {0}s interval, wait {2} ms")
    @CsvSource({"30, 0, 30000", "30, 1, 1000", "30, 2, 2000", "30, 5, 16000", "30, 6, 30000", "3600, 30, 300000"})
    void transientFailuresRetrySoonerBackingOffUpToTheInterval(long interval, int failures, long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis), RunCommand.wait(Duration.ofSeconds(interval), failures));
    }
}

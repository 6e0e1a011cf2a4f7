package dev.cutover.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** One finished deploy, as /api/status lists it. */
public record DeployRecord(String app, String tag, String result, Instant finishedAt, Map<String, Duration> stages,
                           String detail) {
}

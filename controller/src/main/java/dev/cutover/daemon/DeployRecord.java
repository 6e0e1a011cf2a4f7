package dev.cutover.daemon;

import dev.cutover.reconcile.DeployReport;
import java.time.Instant;

/** One finished deploy, as /api/status lists it. */
public record DeployRecord(DeployReport deploy, Instant finishedAt) {
}

package dev.cutover.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one deploy (or rollback) of an app ended: what metrics, notifications and the status
 * list are told.
 *
 * @param leadTime       from the commit's author time to serving, on success
 * @param detail         one line for people: the steps taken, or why it failed or flipped back
 * @param failedRequests requests to the app that failed from the switch to the end of the drain (from
 *                       nginx's access log); empty when nothing was switched or no log was read
 */
public record DeployReport(String app, String tag, DeployResult result, Map<String, Duration> stages,
                           Optional<Duration> leadTime, String detail, OptionalInt failedRequests) {
    public DeployReport {
        stages = Map.copyOf(stages);
    }
}

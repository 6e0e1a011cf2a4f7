package dev.cutover.health;

import java.time.Duration;
import java.util.Set;

/**
 * Tells a health path that refuses for good from one that is not ready yet: the same non-2xx
 * status, answered steadily for {@link #STEADY}, ends the gate then rather than at its
 * deadline (a 404 on a wrong path would otherwise be probed for the whole minute). Statuses
 * apps give while they start (429, 502, 503, 504) never count, nor does no answer at all,
 * and any other answer starts the count again.
 */
final class SteadyRefusal {
    static final Duration STEADY = Duration.ofSeconds(3);
    private static final Set<Integer> NOT_READY_YET = Set.of(429, 502, 503, 504);

    private int status;
    private long since;

    /**
     * Records one answer (status 0: none) seen at {@code nanos}; true once the same refusal
     * has held for {@link #STEADY}.
     */
    boolean observe(int answer, long nanos) {
        boolean refusal = answer >= 300 && !NOT_READY_YET.contains(answer);
        if (!refusal) {
            status = 0;
            return false;
        }
        if (answer != status) {
            status = answer;
            since = nanos;
        }
        return nanos - since >= STEADY.toNanos();
    }

    int status() {
        return status;
    }
}

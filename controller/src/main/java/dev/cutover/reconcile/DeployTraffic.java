package dev.cutover.reconcile;

import dev.cutover.nginx.AccessLog;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.traffic.Baseline;
import dev.cutover.traffic.Request;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The access log as one deploy reads it, from just before its switch to the end of its drain:
 * the old colour's yardstick, the recent window a bake judges, and the requests the deploy cost.
 */
final class DeployTraffic {
    /** How far back before the switch the old colour's yardstick reaches. */
    static final Duration BASELINE_SPAN = Duration.ofSeconds(60);
    /** How much of the log's tail is read for the yardstick. */
    static final long LOOKBACK_BYTES = 4L << 20;

    private final Optional<AccessLog> log;
    private final String upstream;
    private final long since;
    private final List<Request> before = new ArrayList<>();
    private final Deque<Request> recent = new ArrayDeque<>();
    private int failed;

    private DeployTraffic(Optional<AccessLog> log, String upstream, long since) {
        this.log = log;
        this.upstream = upstream;
        this.since = since;
    }

    /** Starts reading at the switch; what nginx logged just before becomes the yardstick. */
    static DeployTraffic fromNow(TrafficRouter nginx, String upstream) {
        DeployTraffic t = new DeployTraffic(nginx.followAccessLog(LOOKBACK_BYTES), upstream, System.currentTimeMillis());
        t.poll();
        return t;
    }

    boolean readable() {
        return log.isPresent();
    }

    /** Reads what nginx logged since the last poll. */
    void poll() {
        if (log.isEmpty()) {
            return;
        }
        for (Request r : log.get().readNew()) {
            if (!r.upstream().equals(upstream)) {
                continue;
            }
            if (r.endedMillis() < since) {
                if (r.endedMillis() >= since - BASELINE_SPAN.toMillis()) {
                    before.add(r);
                }
                continue;
            }
            if (r.failed()) {
                failed++;
            }
            recent.addLast(r);
        }
    }

    /** The requests that ended within the last {@code span}. */
    List<Request> window(Duration span) {
        long from = System.currentTimeMillis() - span.toMillis();
        while (!recent.isEmpty() && recent.peekFirst().endedMillis() < from) {
            recent.removeFirst();
        }
        return List.copyOf(recent);
    }

    Baseline baseline(List<String> oldAddresses) {
        return Baseline.of(before, upstream, oldAddresses);
    }

    /** Requests to the app whose client got a server error since the switch; empty without a log. */
    OptionalInt failedRequests() {
        poll();
        return log.isPresent() ? OptionalInt.of(failed) : OptionalInt.empty();
    }
}

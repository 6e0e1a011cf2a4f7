package dev.cutover.traffic;

import java.util.ArrayList;
import java.util.List;

/** Counting over a stretch of logged requests. */
final class Window {
    private Window() {
    }

    /** Every try nginx made at one of {@code addresses} for requests to {@code upstream}. */
    static List<Request.Attempt> attemptsAt(List<Request> requests, String upstream, List<String> addresses) {
        List<Request.Attempt> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.upstream().equals(upstream)) {
                r.attempts().stream().filter(a -> addresses.contains(a.address())).forEach(out::add);
            }
        }
        return out;
    }

    /** The 95th percentile of the attempts' known durations, -1 when none is known. */
    static long p95(List<Request.Attempt> attempts) {
        long[] sorted = attempts.stream().mapToLong(Request.Attempt::millis).filter(m -> m >= 0).sorted().toArray();
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }
}

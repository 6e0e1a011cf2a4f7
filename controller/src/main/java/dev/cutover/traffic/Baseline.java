package dev.cutover.traffic;

import java.util.List;

/**
 * What the old colour showed before the switch: its error share and p95 latency, the
 * yardstick the new colour is judged against (a new version is not blamed for errors the
 * old one made too).
 */
public record Baseline(int requests, int errors, long p95Millis) {
    public static final Baseline NONE = new Baseline(0, 0, -1);

    /** The attempts at {@code addresses} among {@code requests}. */
    public static Baseline of(List<Request> requests, String upstream, List<String> addresses) {
        List<Request.Attempt> attempts = Window.attemptsAt(requests, upstream, addresses);
        int errors = (int) attempts.stream().filter(Request.Attempt::failed).count();
        return new Baseline(attempts.size(), errors, Window.p95(attempts));
    }

    /** The error share in percent, 0 without requests. */
    public double errorPercent() {
        return requests == 0 ? 0 : 100.0 * errors / requests;
    }
}

package dev.cutover.traffic;

import dev.cutover.desired.Bake;
import java.util.List;
import java.util.Locale;

/**
 * Judges the new colour by what real requests got from it during a bake, against what the
 * old colour showed before the switch. Pure: the applier feeds it the recent window of the
 * access log.
 */
public final class TrafficJudge {
    /** The short window judged besides the configured one. */
    static final long FAST_WINDOW_MILLIS = 1000;

    private TrafficJudge() {
    }

    /** What the new colour did over the window: the live numbers people see while it bakes. */
    public record Numbers(int requests, int errors, long p95Millis) {
        public double errorPercent() {
            return requests == 0 ? 0 : 100.0 * errors / requests;
        }

        public String line() {
            return requests + " request(s), " + errors + " failed (" + percent(errorPercent()) + ")"
                    + (p95Millis >= 0 ? ", p95 " + p95Millis + "ms" : "");
        }
    }

    /** Whether the new colour may keep serving, with the numbers that decided it. */
    public sealed interface Verdict {
        Numbers numbers();

        record Good(Numbers numbers) implements Verdict {
        }

        record Bad(Numbers numbers, String reason) implements Verdict {
        }
    }

    /**
     * @param window     requests that ended within the bake's window
     * @param newAddress host:port of the new colour
     * @param oldLabel   how to name the old colour in a reason ("blue")
     */
    public static Verdict judge(List<Request> window, String upstream, String newAddress, Baseline before, Bake bake,
                                String oldLabel) {
        return judge(window, upstream, List.of(newAddress), before, bake, oldLabel);
    }

    /** {@link #judge(List, String, String, Baseline, Bake, String)} of a colour of several replicas, one address each. */
    public static Verdict judge(List<Request> window, String upstream, List<String> newAddresses, Baseline before, Bake bake,
                                String oldLabel) {
        List<Request.Attempt> attempts = Window.attemptsAt(window, upstream, newAddresses);
        Numbers n = numbers(attempts);
        String span = " in the last " + bake.window().toSeconds() + "s";
        // The last second alone, too: a version that starts failing outright is caught in
        // milliseconds, not once its failures outweigh the good answers of the whole window.
        long lastSecond = window.stream().mapToLong(Request::endedMillis).max().orElse(0) - FAST_WINDOW_MILLIS;
        Numbers recent = numbers(Window.attemptsAt(window.stream().filter(r -> r.endedMillis() > lastSecond).toList(), upstream,
                newAddresses));
        for (Numbers judged : List.of(recent, n)) {
            if (judged.errors() >= bake.minErrors() && judged.errorPercent() - before.errorPercent() > bake.errorPercent()) {
                return new Verdict.Bad(n, judged.errors() + " of " + judged.requests() + " requests failed ("
                        + percent(judged.errorPercent()) + ")" + (judged == n ? span : " in the last second") + "; " + oldLabel
                        + " had " + percent(before.errorPercent()) + " before the switch, the limit is " + bake.errorPercent()
                        + " points more");
            }
        }
        if (bake.latencyFactor() > 0 && n.requests() >= bake.minRequests() && before.p95Millis() >= 0 && n.p95Millis() >= 0
                && n.p95Millis() > before.p95Millis() * bake.latencyFactor()
                && n.p95Millis() - before.p95Millis() >= Bake.LATENCY_SLACK_MS) {
            return new Verdict.Bad(n, "p95 latency " + n.p95Millis() + "ms" + span + "; " + oldLabel + " had " + before.p95Millis()
                    + "ms before the switch, the limit is " + bake.latencyFactor() + "×");
        }
        return new Verdict.Good(n);
    }

    private static Numbers numbers(List<Request.Attempt> attempts) {
        int errors = (int) attempts.stream().filter(Request.Attempt::failed).count();
        return new Numbers(attempts.size(), errors, Window.p95(attempts));
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }
}

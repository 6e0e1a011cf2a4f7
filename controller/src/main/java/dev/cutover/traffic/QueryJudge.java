package dev.cutover.traffic;

import dev.cutover.prometheus.QueryAnswer;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The bake's second judge (pure): a Prometheus answer against the highest value a series may
 * have. A series above it fails the bake. No series (nothing matched yet) and no answer
 * (Prometheus down, a query error) fail nothing: they are said in the live numbers, and the
 * bake's other judges still hold. NaN compares as not above.
 */
public final class QueryJudge {
    private QueryJudge() {
    }

    /** @param line what the live numbers say of the query; {@code over} is set when a series is above the limit */
    public record Verdict(String line, Optional<String> over) {
    }

    public static Verdict judge(QueryAnswer answer, double max) {
        if (answer instanceof QueryAnswer.Unanswered u) {
            return new Verdict("query unanswered (" + u.why() + ")", Optional.empty());
        }
        var samples = ((QueryAnswer.Values) answer).samples();
        if (samples.isEmpty()) {
            return new Verdict("query: no data", Optional.empty());
        }
        QueryAnswer.Sample highest = samples.stream().filter(s -> !Double.isNaN(s.value()))
                .max(Comparator.comparingDouble(QueryAnswer.Sample::value)).orElse(samples.get(0));
        String line = "query " + number(highest.value()) + (samples.size() > 1 ? " (highest of " + samples.size() + " series)" : "")
                + ", max " + number(max);
        if (highest.value() > max) {
            return new Verdict(line, Optional.of("its bake.query is " + number(highest.value()) + " for " + highest.series()
                    + ", above bake.queryMax " + number(max)));
        }
        return new Verdict(line, Optional.empty());
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}

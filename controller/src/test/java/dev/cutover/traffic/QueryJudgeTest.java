package dev.cutover.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.prometheus.QueryAnswer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bake's second judge: a Prometheus answer against bake.queryMax. */
class QueryJudgeTest {
    private static QueryAnswer values(double... v) {
        List<QueryAnswer.Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            samples.add(new QueryAnswer.Sample("{pod=\"" + i + "\"}", v[i]));
        }
        return new QueryAnswer.Values(samples);
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments("one series under the limit", values(0.2), 0.5, "query 0.2000, max 0.5000", null),
                arguments("one series at the limit", values(5), 5, "query 5, max 5", null),
                arguments("one series above the limit", values(7), 5, "query 7, max 5",
                        "its bake.query is 7 for {pod=\"0\"}, above bake.queryMax 5"),
                arguments("the highest of several series decides", values(1, 12, 3), 10, "query 12 (highest of 3 series), max 10",
                        "its bake.query is 12 for {pod=\"1\"}, above bake.queryMax 10"),
                arguments("NaN is not above", values(Double.NaN), 1, "query NaN, max 1", null),
                arguments("NaN beside a high value does not hide it", values(Double.NaN, 4), 1, "query 4 (highest of 2 series), max 1",
                        "its bake.query is 4 for {pod=\"1\"}, above bake.queryMax 1"),
                arguments("infinity is above", values(Double.POSITIVE_INFINITY), 1e9, "query Infinity, max 1000000000",
                        "its bake.query is Infinity for {pod=\"0\"}, above bake.queryMax 1000000000"),
                arguments("no series", values(), 1, "query: no data", null),
                arguments("no answer", new QueryAnswer.Unanswered("HTTP 400: query failed: parse error"), 1,
                        "query unanswered (HTTP 400: query failed: parse error)", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void onlyASeriesAboveTheMaximumFailsTheBake(String name, QueryAnswer answer, double max, String line, String over) {
        QueryJudge.Verdict v = QueryJudge.judge(answer, max);
        assertEquals(line, v.line());
        assertEquals(Optional.ofNullable(over), v.over());
    }
}

package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code bake.query}, {@code bake.queryMax} and {@code bake.queryEvery}: what they read as, and each mistake at its line. */
class BakeQueryFieldTest {
    /** The first line after the base app file and {@code bake:}. */
    private static final int LINE = 9;
    private static final HostPolicy WITH_PROMETHEUS = new HostPolicy(Set.of(), Map.of(), List.of(), Set.of(), true);

    @TempDir
    Path tmp;

    private Optional<BakeQuery> load(String bakeLines, HostPolicy policy) throws InvalidDesiredState {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP + "bake:\n" + bakeLines)
                .server("s1", "apps:\n  web:\n    tag: v1\n");
        return DesiredStateLoader.loadServer(tmp, ".", "s1", policy).app("web").orElseThrow().spec().bake().query();
    }

    @Test
    void aQueryHasItsMaximumAndIsAskedEveryFiveSecondsUnlessSaid() throws Exception {
        assertEquals(Optional.of(new BakeQuery("sum(rate(errors{app=\"$app\"}[1m]))", 0.5, Duration.ofSeconds(5))),
                load("  query: 'sum(rate(errors{app=\"$app\"}[1m]))'\n  queryMax: 0.5\n", WITH_PROMETHEUS));
        assertEquals(Optional.of(new BakeQuery("up", 1e3, Duration.ofSeconds(2))),
                load("  query: up\n  queryMax: 1e3\n  queryEvery: 2s\n", WITH_PROMETHEUS));
        assertEquals(Optional.empty(), load("  duration: 10s\n", WITH_PROMETHEUS));
    }

    @Test
    void thePlaceholdersBecomeTheValidatedNamesAndNothingElse() {
        BakeQuery q = new BakeQuery("x{app=\"$app\",server=\"$server\",colour=\"$colour\"} > 0", 1, Duration.ofSeconds(5));
        assertEquals("x{app=\"web\",server=\"eu-1\",colour=\"blue\"} > 0", q.render("web", "eu-1", "blue"));
        assertThrows(IllegalArgumentException.class, () -> q.render("web\"} or vector(1) #", "eu-1", "blue"));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("a query on a host without Prometheus", "  query: up\n  queryMax: 1\n", false, LINE, "bake.query",
                        "set prometheus.url in the host config"),
                arguments("a query without its maximum", "  query: up\n", true, LINE, "bake.queryMax", "required with bake.query"),
                arguments("a maximum that is not a number", "  query: up\n  queryMax: lots\n", true, LINE + 1, "bake.queryMax",
                        "expected a number, found 'lots'"),
                arguments("a maximum that is not finite", "  query: up\n  queryMax: .inf\n", true, LINE + 1, "bake.queryMax",
                        "expected a number"),
                arguments("a maximum without a query", "  queryMax: 1\n", true, LINE, "bake.queryMax", "only with bake.query"),
                arguments("an empty query", "  query: ''\n  queryMax: 1\n", true, LINE, "bake.query", "must not be empty"),
                arguments("a query of two lines", "  query: \"up\\nor vector(1)\"\n  queryMax: 1\n", true, LINE, "bake.query",
                        "one line without control characters"),
                arguments("a query too long", "  query: " + "a".repeat(1001) + "\n  queryMax: 1\n", true, LINE, "bake.query",
                        "at most 1000 characters, found 1001"),
                arguments("asked more often than every second", "  query: up\n  queryMax: 1\n  queryEvery: 100ms\n", true,
                        LINE + 2, "bake.queryEvery", "between 1s and 1m"));
    }

    @ParameterizedTest(name = "{0} is reported with its line and field")
    @MethodSource("mistakes")
    void eachMistakeInABakeQueryIsReportedWithItsLineAndField(String name, String lines, boolean prometheus, int line, String field,
                                                               String words) {
        HostPolicy policy = prometheus ? WITH_PROMETHEUS : HostPolicy.LOOPBACK_ONLY;
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> load(lines, policy));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field) && x.message().contains(words)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + field + "' problem saying '" + words + "' in " + e.problems()));
        assertEquals("apps/web.yaml", p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
    }
}

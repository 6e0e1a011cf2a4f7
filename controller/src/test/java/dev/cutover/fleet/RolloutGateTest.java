package dev.cutover.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.desired.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutGateTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Rollout ROLLOUT = new Rollout("web", "v2", List.of(List.of("a"), List.of("b", "c"), List.of("d")),
            Duration.ofSeconds(30), Duration.ofMinutes(5), false);

    static AppReport web(AppReport.State state, String tag, Duration ago, String failed) {
        return new AppReport("web", Optional.ofNullable(tag), state, "v2", Optional.of(NOW.minus(ago)), 1, false,
                Optional.ofNullable(failed), Optional.ofNullable(failed).map(f -> "abc123"), failed == null ? "" : "5xx 40%");
    }

    static ServerReport server(String name, Duration heardAgo, AppReport... apps) {
        return new ServerReport(name, NOW.minus(heardAgo), "", Arrays.asList(apps));
    }

    static Map<String, ServerReport> reports(ServerReport... r) {
        return Stream.of(r).collect(Collectors.toMap(ServerReport::server, Function.identity()));
    }

    static final Duration FRESH = Duration.ofSeconds(5);
    static final AppReport BAKED = web(AppReport.State.CONVERGED, "v2", Duration.ofMinutes(1), null);
    static final AppReport BAKING = web(AppReport.State.CONVERGED, "v2", Duration.ofSeconds(10), null);
    static final AppReport OLD = web(AppReport.State.CONVERGED, "v1", Duration.ofHours(1), null);
    static final AppReport FLIPPED = web(AppReport.State.FAILED, "v1", Duration.ofHours(1), "v2");
    static final AppReport PINNED = new AppReport("web", Optional.of("v1"), AppReport.State.CONVERGED, "v1",
            Optional.of(NOW.minusSeconds(3600)), 1, true, Optional.empty(), Optional.empty(), "");

    static Stream<Arguments> decisions() {
        Rollout atOnce = new Rollout("web", "v2", ROLLOUT.waves(), Duration.ZERO, Duration.ofMinutes(5), true);
        return Stream.of(
                Arguments.of("the first wave goes at once", ROLLOUT, "a", 1, false, "v1", reports(), "Go", "wave 1"),
                Arguments.of("a second wave waits for a first that has no report yet", ROLLOUT, "b", 2, false, "v1",
                        reports(), "Wait", "a (no report yet)"),
                Arguments.of("a second wave waits while the first still runs the old tag", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", FRESH, OLD)), "Wait", "a (converged on v1)"),
                Arguments.of("a second wave waits while the first bakes", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", FRESH, BAKING)), "Wait", "a (baking, 20s left)"),
                Arguments.of("a second wave goes once the first baked for waveBake", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", FRESH, BAKED)), "Go", "earlier waves serve v2"),
                Arguments.of("a third wave waits for every server of both earlier waves", ROLLOUT, "d", 3, false, "v1",
                        reports(server("a", FRESH, BAKED), server("b", FRESH, BAKED), server("c", FRESH, OLD)), "Wait", "c (converged on v1)"),
                Arguments.of("a flip-back anywhere halts a later wave", ROLLOUT, "d", 3, false, "v1",
                        reports(server("a", FRESH, BAKED), server("b", FRESH, FLIPPED)), "Halted", "failed on b (5xx 40%)"),
                Arguments.of("a flip-back halts a server of the same wave not yet on the tag", ROLLOUT, "c", 2, false, "v1",
                        reports(server("a", FRESH, BAKED), server("b", FRESH, FLIPPED)), "Halted", "failed on b"),
                Arguments.of("a server already on the tag keeps it despite a halt", ROLLOUT, "c", 2, false, "v2",
                        reports(server("b", FRESH, FLIPPED)), "Go", "already serves here"),
                Arguments.of("a failure of another tag halts nothing", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", FRESH, BAKED, web(AppReport.State.FAILED, "v2", Duration.ZERO, "v0"))), "Go", "earlier waves"),
                Arguments.of("a pinned server of an earlier wave is not waited for", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", FRESH, PINNED)), "Go", "earlier waves"),
                Arguments.of("a pinned server goes its own way", ROLLOUT, "d", 3, true, "v1", reports(), "Go", "pinned"),
                Arguments.of("all at once goes without waiting", atOnce, "d", 3, false, "v1", reports(), "Go", "all at once"),
                Arguments.of("a silent first wave is waited for until serverTimeout since the rollout was seen", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", Duration.ofHours(2), OLD)), "Wait", "a (converged on v1)"),
                Arguments.of("a first wave silent for longer than serverTimeout is passed over and said so", ROLLOUT, "b", 2, false, "v1",
                        reports(server("a", Duration.ofMinutes(6), OLD)), "Go", "passed over a, silent for over 5m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void theGateDecidesFromTheReports(String name, Rollout rollout, String server, int wave, boolean pinned, String running,
                                      Map<String, ServerReport> reports, String kind, String words) {
        // The rollout was first seen 10 s ago, except where the test is about a server passed over.
        Instant firstSeen = name.contains("passed over") ? NOW.minus(Duration.ofMinutes(6)) : NOW.minusSeconds(10);
        GateDecision d = RolloutGate.decide(rollout, server, wave, pinned, Optional.of(running), reports, firstSeen, NOW);
        assertEquals(kind, d.getClass().getSimpleName(), d.toString());
        assertTrue(d.why().contains(words), d.toString());
    }
}

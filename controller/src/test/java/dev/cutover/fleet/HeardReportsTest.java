package dev.cutover.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cutover.desired.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeardReportsTest {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    static ServerReport report(Instant at, Optional<Instant> since) {
        return new ServerReport("s1", at, "0123456789abcdef0123456789abcdef01234567", List.of(new AppReport("web",
                Optional.of("v1"), AppReport.State.CONVERGED, "v2", since, 1, false, Optional.empty(), Optional.empty(), "")));
    }

    static Instant heard(HeardReports h, ServerReport r, Instant now) {
        return h.asHeard(Map.of("s1", r), now).get("s1").at();
    }

    @Test
    void aReportFirstSeenCountsAsHeardAtItsOwnTimeUnlessThatIsInTheFuture() {
        assertEquals(T0.minusSeconds(30), heard(new HeardReports(), report(T0.minusSeconds(30), Optional.empty()), T0));
        assertEquals(T0, heard(new HeardReports(), report(T0.plus(Duration.ofHours(1)), Optional.empty()), T0));
    }

    @Test
    void anUnchangedReportKeepsTheTimeItWasHeardHoweverFarAheadItsClockIs() {
        HeardReports h = new HeardReports();
        ServerReport ahead = report(T0.plus(Duration.ofDays(365)), Optional.empty());
        heard(h, ahead, T0);
        assertEquals(T0, heard(h, ahead, T0.plus(Duration.ofMinutes(20))));
    }

    @Test
    void aNewReportCountsAsHeardAtThePassThatSawIt() {
        HeardReports h = new HeardReports();
        heard(h, report(T0, Optional.empty()), T0);
        assertEquals(T0.plusSeconds(61), heard(h, report(T0.plus(Duration.ofHours(2)), Optional.empty()), T0.plusSeconds(61)));
        assertEquals(T0.plusSeconds(70), heard(h, report(T0.plusSeconds(60), Optional.empty()), T0.plusSeconds(70)));
    }

    static Optional<Instant> since(HeardReports h, ServerReport r, Instant now) {
        return h.asHeard(Map.of("s1", r), now).get("s1").app("web").get().since();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // offset of the other clock (s), how long it says it served (s), seconds after writing that this server saw it, expected since (s from T0)
            "a clock that is right,              0, 600, 0, -600",
            "a clock an hour behind,           -3600, 600, 0, -600",
            "a clock a day ahead,              86400, 600, 0, -600",
            "a report first seen 20 s after it was written (counted 20 s short), 0, 600, 20, -600",
    })
    void aConvergedSinceCountsAsTheLengthTheReportStatesBackFromWhenThisServerFirstSawIt(String clock, long offset, long served,
                                                                                       long seenAfter, long expected) {
        Instant written = T0.minusSeconds(seenAfter);
        ServerReport r = report(written.plusSeconds(offset), Optional.of(written.plusSeconds(offset - served)));
        assertEquals(Optional.of(T0.plusSeconds(expected)), since(new HeardReports(), r, T0), clock);
    }

    @Test
    void aSinceLaterThanItsOwnReportCountsFromWhenTheReportWasFirstSeen() {
        ServerReport r = report(T0, Optional.of(T0.plus(Duration.ofHours(1))));
        assertEquals(Optional.of(T0.plusSeconds(5)), since(new HeardReports(), r, T0.plusSeconds(5)));
    }

    @Test
    void aClockRunningBehindCannotCutTheWaveBakeShort() {
        Rollout rollout = new Rollout("web", "v2", List.of(List.of("s1"), List.of("s2")), Duration.ofMinutes(10),
                Duration.ofMinutes(30), false);
        // s1 turned to v2 a minute ago by this clock; its own clock is an hour behind.
        Instant behind = T0.minus(Duration.ofHours(1));
        ServerReport r = new ServerReport("s1", behind, "0123456789abcdef0123456789abcdef01234567", List.of(new AppReport("web",
                Optional.of("v2"), AppReport.State.CONVERGED, "v2", Optional.of(behind.minusSeconds(60)), 1, false,
                Optional.empty(), Optional.empty(), "")));
        HeardReports h = new HeardReports();
        GateDecision soon = RolloutGate.decide(rollout, "s2", 2, false, Optional.of("v1"), h.asHeard(Map.of("s1", r), T0), T0, T0);
        assertInstanceOf(GateDecision.Wait.class, soon, "as written, s1 looks baked for an hour and a minute");
        Instant later = T0.plus(Duration.ofMinutes(9)).plusSeconds(1);
        assertInstanceOf(GateDecision.Go.class, RolloutGate.decide(rollout, "s2", 2, false, Optional.of("v1"),
                h.asHeard(Map.of("s1", r), later), T0, later));
    }

    @Test
    void aStoppedServerWhoseClockRanAheadIsPassedOverAfterTheTimeout() {
        Rollout rollout = new Rollout("web", "v2", List.of(List.of("s1"), List.of("s2")), Duration.ZERO,
                Duration.ofMinutes(10), false);
        HeardReports h = new HeardReports();
        Map<String, ServerReport> last = Map.of("s1", report(T0.plus(Duration.ofDays(1)), Optional.of(T0)));
        h.asHeard(last, T0);
        Instant later = T0.plus(Duration.ofMinutes(11));
        GateDecision d = RolloutGate.decide(rollout, "s2", 2, false, Optional.of("v1"), h.asHeard(last, later), T0, later);
        assertEquals(List.of("s1"), assertInstanceOf(GateDecision.Go.class, d).passedOver());
        GateDecision trusted = RolloutGate.decide(rollout, "s2", 2, false, Optional.of("v1"), last, T0, later);
        assertInstanceOf(GateDecision.Wait.class, trusted, "as written, the report looks fresh for a day");
    }
}

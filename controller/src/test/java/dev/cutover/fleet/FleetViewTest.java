package dev.cutover.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetViewTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    static ServerReport server(String name, AppReport web) {
        return new ServerReport(name, NOW.minusSeconds(4), "", List.of(web));
    }

    static AppReport web(int wave, String tag, AppReport.State state, String failed, String why) {
        return new AppReport("web", Optional.of(tag), state, "v2", Optional.of(NOW.minus(Duration.ofMinutes(1))), wave, false,
                Optional.ofNullable(failed), Optional.empty(), why);
    }

    @Test
    void aRolloutInProgressShowsEachWavesProgressAndWhyALaterWaveWaits() {
        String out = FleetView.render(FleetView.byServer(List.of(
                server("s1", web(1, "v2", AppReport.State.CONVERGED, null, "")),
                server("s2", web(2, "v1", AppReport.State.WAITING, null, "wave 2 waits for s1 (baking, 20s left)")),
                server("s3", web(2, "v1", AppReport.State.WAITING, null, "wave 2 waits for s1 (baking, 20s left)")))), NOW);
        List<String> lines = out.lines().toList();
        assertEquals("web: rollout of v2, in progress: 1 of 3 servers serve it (wave 1: 1/1, wave 2: 0/2)", lines.get(0));
        assertTrue(lines.get(1).matches("  s1 +wave 1 +v2 +converged \\(reported 4s ago\\)"), lines.get(1));
        assertTrue(lines.get(2).contains("waiting: wave 2 waits for s1 (baking, 20s left)"), lines.get(2));
    }

    @Test
    void aHaltedRolloutNamesTheServerWhereTheTagFailed() {
        String out = FleetView.render(FleetView.byServer(List.of(
                server("s1", web(1, "v1", AppReport.State.FAILED, "v2", "flipped back: 5xx 40%")),
                server("s2", web(2, "v1", AppReport.State.HALTED, null, "rollout of v2 halted: it failed on s1")))), NOW);
        assertTrue(out.startsWith("web: rollout of v2, halted: v2 failed on s1: 0 of 2 servers serve it (wave 1: 0/1, wave 2: 0/1)"), out);
        assertTrue(out.contains("failed: flipped back: 5xx 40%"), out);
    }

    @Test
    void noReportAtAllSaysSo() {
        assertTrue(FleetView.render(java.util.Map.of(), NOW).startsWith("no server has published a status yet"));
    }
}

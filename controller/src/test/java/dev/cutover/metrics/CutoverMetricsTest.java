package dev.cutover.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.reconcile.AppStatus;
import dev.cutover.reconcile.AppView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CutoverMetricsTest {
    private static AppView web(String running, boolean drift) {
        return new AppView("web", Optional.of("v2"), Optional.of(running), Optional.of(Colour.BLUE), true, drift,
                new AppStatus(AppStatus.Reason.CONVERGED, "converged"));
    }

    @Test
    void theSameAppsObservedAgainLeaveTheGaugesAsTheyAreAndAChangeIsShownAtOnce() {
        CutoverMetrics m = new CutoverMetrics("s1");
        m.appsObserved(List.of(web("v1", true)));
        m.appsObserved(List.of(web("v1", true)));
        String first = m.scrape();
        assertTrue(first.contains("cutover_drift{app=\"web\",server=\"s1\"} 1.0"), first);
        assertTrue(first.contains("running_tag=\"v1\""), first);
        m.appsObserved(List.of(web("v2", false)));
        String after = m.scrape();
        assertTrue(after.contains("cutover_drift{app=\"web\",server=\"s1\"} 0.0"), after);
        assertTrue(after.contains("running_tag=\"v2\"") && !after.contains("running_tag=\"v1\""), after);
        m.appsObserved(List.of());
        String gone = m.scrape();
        assertTrue(!gone.contains("cutover_drift{app=\"web\""), gone);
    }

    @Test
    void anAppInARolloutShowsItsWaveAndWhetherTheRolloutHoldsIt() {
        CutoverMetrics m = new CutoverMetrics("s2");
        m.appsObserved(List.of(new AppView("web", Optional.of("v2"), Optional.of("v1"), Optional.of(Colour.BLUE), true, true,
                new AppStatus(AppStatus.Reason.WAITING, "wave 2 waits for s1"), 2)));
        m.appsObserved(List.of(new AppView("web", Optional.of("v2"), Optional.of("v1"), Optional.of(Colour.BLUE), true, true,
                new AppStatus(AppStatus.Reason.WAITING, "wave 2 waits for s1 (baking)"), 2)));
        System.gc();
        String s = m.scrape();
        assertTrue(s.contains("cutover_rollout_wave{app=\"web\",server=\"s2\"} 2.0"), s);
        assertTrue(s.contains("cutover_rollout_held{app=\"web\",reason=\"waiting\",server=\"s2\"} 1.0"), s);
        assertTrue(s.contains("cutover_rollout_held{app=\"web\",reason=\"halted\",server=\"s2\"} 0.0"), s);
        m.appsObserved(List.of(web("v2", false)));
        assertTrue(m.scrape().contains("cutover_rollout_wave{app=\"web\",server=\"s2\"} 0.0"), "an app in no rollout has wave 0");
    }
}

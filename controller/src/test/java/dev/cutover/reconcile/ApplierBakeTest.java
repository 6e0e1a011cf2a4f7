package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.config.Secrets;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.Bake;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.BakeQuery;
import dev.cutover.prometheus.PrometheusQueries;
import dev.cutover.prometheus.QueryAnswer;
import java.util.concurrent.atomic.AtomicInteger;
import dev.cutover.desired.HealthCheck;
import dev.cutover.outcome.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bake's decisions after a switch, through an engine and a router in memory. */
class ApplierBakeTest {
    static final String GREEN = "127.0.0.1:4001";
    static final String BLUE = "127.0.0.1:4000";

    private final FakeWorld world = new FakeWorld();
    private final ConcurrentMap<String, String> stalled = new ConcurrentHashMap<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final Bakes bakes = new Bakes();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @TempDir
    Path tmp;

    static DesiredApp web(Duration bake) {
        HealthCheck quick = new HealthCheck("/ping", Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofSeconds(1), 1, Duration.ZERO);
        return new DesiredApp(new AppSpec("web", "reg/web", 3000, 4000, 4001, "127.0.0.1", quick, Duration.ofMillis(200),
                Duration.ofSeconds(1), Map.of(), List.of(), "app", 3, Bake.DEFAULT.withDuration(bake)), "v2");
    }

    /** Green (v2) has taken traffic; blue (v1) still runs as backup: bake, then drain and stop blue. */
    private PassResult.AppResult bake(Duration duration) {
        world.routed = GREEN;
        DesiredApp d = web(duration);
        List<Action> steps = List.of(new Action.Bake(d, Colour.GREEN, Optional.of("green1"), "blue1"),
                new Action.Drain(d, Colour.BLUE, "blue1"), new Action.StopColour("web", Colour.BLUE, "blue1", Duration.ofSeconds(1)));
        return new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                stopping::get, bakes, 1).apply(new Planner.Plan(steps, Map.of()), stalled).get(0);
    }

    /** As {@link #bake}, with a {@code bake.query} answered by {@code prometheus}. */
    private PassResult.AppResult bakeWithQuery(Duration duration, PrometheusQueries prometheus) {
        world.routed = GREEN;
        DesiredApp plain = web(duration);
        AppSpec s = plain.spec();
        DesiredApp d = new DesiredApp(new AppSpec(s.name(), s.image(), s.port(), s.bluePort(), s.greenPort(), s.bind(), s.health(),
                s.drainTimeout(), s.stopTimeout(), s.env(), s.secrets(), s.upstream(), s.keepImages(),
                s.bake().withQuery(Optional.of(new BakeQuery("errors{app=\"$app\",colour=\"$colour\"}", 5, Duration.ofSeconds(1))))),
                plain.tag());
        List<Action> steps = List.of(new Action.Bake(d, Colour.GREEN, Optional.of("green1"), "blue1"),
                new Action.Drain(d, Colour.BLUE, "blue1"), new Action.StopColour("web", Colour.BLUE, "blue1", Duration.ofSeconds(1)));
        return new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                stopping::get, bakes, 1, Optional.empty(), Optional.of(prometheus)).apply(new Planner.Plan(steps, Map.of()), stalled).get(0);
    }

    @Test
    void aBakeQueryAboveItsMaximumFlipsBackWithTheValueAndTheQueryInTheReason() {
        List<String> asked = new CopyOnWriteArrayList<>();
        AtomicInteger value = new AtomicInteger(1);
        later(Duration.ofMillis(1200), () -> value.set(9));
        PassResult.AppResult r = bakeWithQuery(Duration.ofSeconds(30), q -> {
            asked.add(q);
            return new QueryAnswer.Values(List.of(new QueryAnswer.Sample("{app=\"web\"}", value.get())));
        });
        assertFlippedBack(r, "its bake.query is 9 for {app=\"web\"}, above bake.queryMax 5 (query: errors{app=\"web\",colour=\"green\"})");
        assertTrue(asked.size() >= 2, "asked every second: " + asked);
    }

    @Test
    void aPrometheusThatCannotBeAskedOrHasNoDataFailsNoBakeAndIsSaidInTheNumbers() {
        AtomicInteger calls = new AtomicInteger();
        PassResult.AppResult r = bakeWithQuery(Duration.ofMillis(2500), q -> calls.incrementAndGet() % 2 == 1
                ? new QueryAnswer.Unanswered("Prometheus at 127.0.0.1:9 did not answer: ConnectException")
                : new QueryAnswer.Values(List.of()));
        assertTrue(r.failure().isEmpty(), r.detail());
        assertEquals(List.of("stop blue1"), world.callsNamed("stop"));
        assertTrue(progress.stream().anyMatch(l -> l.contains("bake passed after") && l.contains("query")), progress.toString());
    }

    private static void later(Duration after, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(after.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        t.setDaemon(true);
        t.start();
    }

    private void assertFlippedBack(PassResult.AppResult r, String why) {
        assertEquals(AppOutcome.FLIPPED_BACK, r.outcome(), r.detail());
        assertInstanceOf(Failure.Stalled.class, r.failure().orElseThrow());
        assertTrue(r.detail().contains(why), r.detail());
        assertTrue(r.detail().contains("flipped back to blue"), r.detail());
        assertEquals(List.of("switchTo app " + BLUE), world.callsNamed("switchTo"), "nginx points at the old colour again");
        assertEquals(List.of("remove green1"), world.callsNamed("remove"), "the new colour is removed");
        assertTrue(world.callsNamed("stop").isEmpty(), "the old colour keeps running");
        assertEquals(Plans.specHash(web(Duration.ZERO)), stalled.get("web"), "the spec waits for a change, like a failed gate");
        assertTrue(bakes.running().isEmpty());
    }

    @Test
    void aBakeThatLastsItsDurationLetsTheOldColourGo() {
        long start = System.nanoTime();
        PassResult.AppResult r = bake(Duration.ofMillis(600));
        assertTrue(r.failure().isEmpty(), r.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 600, "baked its whole duration");
        assertEquals(List.of("stop blue1"), world.callsNamed("stop"));
        assertTrue(world.callsNamed("switchTo").isEmpty());
        assertTrue(progress.stream().anyMatch(l -> l.contains("bake passed after")), progress.toString());
    }

    @Test
    void aContainerThatExitsDuringTheBakeIsFlippedBack() {
        later(Duration.ofMillis(300), () -> world.exited.add("green1"));
        assertFlippedBack(bake(Duration.ofSeconds(30)), "its container exited with code 1");
    }

    @Test
    void aHealthPathFailingThroughNginxDuringTheBakeIsFlippedBack() {
        world.healthStatus = 500;
        long start = System.nanoTime();
        assertFlippedBack(bake(Duration.ofSeconds(30)), "health path through nginx failed 3 times in a row (last: HTTP 500 from " + GREEN);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "within about a second");
    }

    @Test
    void realRequestsFailingOnTheNewColourFlipItBackAndAreCounted() throws Exception {
        Path log = tmp.resolve("access.log");
        StringBuilder before = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            before.append(line(now - 5000 + i, 200, BLUE, 200));
        }
        Files.writeString(log, before);
        world.accessLog = log;
        later(Duration.ofMillis(300), () -> {
            StringBuilder after = new StringBuilder();
            long t = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                after.append(line(t, 200, GREEN, 200));
            }
            for (int i = 0; i < 4; i++) {
                after.append(line(t, 500, GREEN, 500));
            }
            try {
                Files.writeString(log, after, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        PassResult.AppResult r = bake(Duration.ofSeconds(30));
        assertFlippedBack(r, "4 of 14 requests failed (28.6%) in the last second; blue had 0.0% before the switch");
        assertEquals(4, r.failedRequests().orElseThrow(), "the requests the deploy cost");
    }

    static String line(long millis, int status, String address, int upstreamStatus) {
        return "v1|" + (millis / 1000) + "." + String.format("%03d", millis % 1000) + "|app|" + status + "|" + address + "|"
                + upstreamStatus + "|0.002\n";
    }

    @Test
    void promoteEndsTheBakeAsPassed() {
        later(Duration.ofMillis(400), () -> assertTrue(bakes.ask("web", Bakes.Ask.PROMOTE)));
        long start = System.nanoTime();
        PassResult.AppResult r = bake(Duration.ofSeconds(30));
        assertTrue(r.failure().isEmpty(), r.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertEquals(List.of("stop blue1"), world.callsNamed("stop"));
        assertTrue(progress.stream().anyMatch(l -> l.contains("bake promoted")), progress.toString());
    }

    @Test
    void abortFlipsBackNow() {
        later(Duration.ofMillis(400), () -> assertTrue(bakes.ask("web", Bakes.Ask.ABORT)));
        assertFlippedBack(bake(Duration.ofSeconds(30)), "aborted by `cutover abort`");
    }

    @Test
    void askingAnAppThatIsNotBakingIsRefused() {
        assertTrue(!bakes.ask("web", Bakes.Ask.PROMOTE));
    }

    @Test
    void aStopDuringTheBakeLeavesBothColoursRunningForTheNextStartToBakeAgain() {
        later(Duration.ofMillis(300), () -> stopping.set(true));
        PassResult.AppResult r = bake(Duration.ofSeconds(30));
        assertEquals(AppOutcome.FAILED, r.outcome(), r.detail());
        assertTrue(r.detail().contains("the next start bakes green again"), r.detail());
        assertTrue(world.callsNamed("switchTo").isEmpty());
        assertTrue(world.callsNamed("remove").isEmpty());
        assertTrue(world.callsNamed("stop").isEmpty());
        assertTrue(stalled.isEmpty());
    }

    @Test
    void liveNumbersAreVisibleWhileTheBakeRuns() {
        List<Bakes.Progress> seen = new ArrayList<>();
        later(Duration.ofMillis(300), () -> {
            seen.addAll(bakes.running().values());
            bakes.ask("web", Bakes.Ask.PROMOTE);
        });
        bake(Duration.ofSeconds(30));
        assertEquals(1, seen.size());
        assertEquals("green", seen.get(0).live());
        assertEquals("traffic not read", seen.get(0).numbers());
    }
}

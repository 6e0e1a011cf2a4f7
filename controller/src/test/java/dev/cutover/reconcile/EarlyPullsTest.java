package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.desired.AppSpec;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.HealthCheck;
import dev.cutover.docker.DockerException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pulls started before a pass observes and plans, through an engine in memory. */
class EarlyPullsTest {
    private final FakeWorld world = new FakeWorld();
    private final EarlyPulls early = new EarlyPulls(world);

    private static DesiredState state(String... tags) {
        HealthCheck h = new HealthCheck("/", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(10), 1, Duration.ZERO);
        List<DesiredApp> apps = new java.util.ArrayList<>();
        for (int i = 0; i < tags.length; i++) {
            apps.add(new DesiredApp(new AppSpec("app" + i, "reg/app" + i, 3000, 4000 + 2 * i, 4001 + 2 * i, "127.0.0.1", h,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of(), List.of(), "app" + i, 3), tags[i]));
        }
        return new DesiredState("s1", apps);
    }

    private long pulls() {
        return world.calls.stream().filter(c -> c.startsWith("pull ")).count();
    }

    @Test
    void theFirstStateSeenPullsNothingSoARestartDoesNotPullEveryImage() {
        early.startFor(state("v1", "v1"));
        assertEquals(0, pulls());
        assertTrue(early.take("reg/app0:v1").isEmpty());
    }

    @Test
    void aChangedTagIsPulledAtOnceAndHandedOutOnce() {
        early.startFor(state("v1", "v1"));
        early.startFor(state("v2", "v1"));
        var pull = early.take("reg/app0:v2").orElseThrow();
        EarlyPulls.await(pull);
        assertEquals(List.of("pull reg/app0:v2"), world.calls.stream().filter(c -> c.startsWith("pull ")).toList());
        assertTrue(early.take("reg/app0:v2").isEmpty(), "handed out twice");
        assertTrue(early.take("reg/app1:v1").isEmpty(), "an unchanged app was pulled");
    }

    @Test
    void anUnchangedStatePullsNothingAgain() {
        early.startFor(state("v1"));
        early.startFor(state("v2"));
        EarlyPulls.await(early.take("reg/app0:v2").orElseThrow());
        early.startFor(state("v2"));
        assertEquals(1, pulls());
    }

    @Test
    void aFailedEarlyPullIsThrownAsThePullThrewItSoTheRegistryDownFallbackStillApplies() {
        DockerException down = new DockerException("docker: pull: connection refused", null, true);
        world.faults.put("pull", arg -> down);
        early.startFor(state("v1"));
        early.startFor(state("v2"));
        DockerException thrown = assertThrows(DockerException.class, () -> EarlyPulls.await(early.take("reg/app0:v2").orElseThrow()));
        assertSame(down, thrown);
    }
}

package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.ContainerOptions;
import dev.cutover.config.Secrets;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.Bake;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.HealthCheck;
import dev.cutover.desired.Release;
import dev.cutover.docker.ContainerSpec;
import dev.cutover.docker.Labels;
import dev.cutover.docker.ReleaseContainer;
import dev.cutover.outcome.Failure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the applier runs a release command, through an engine in memory: the verdicts, the timeout, a stop. */
class ApplierReleaseTest {
    private final FakeWorld world = new FakeWorld();
    private final ConcurrentMap<String, String> stalled = new ConcurrentHashMap<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    @TempDir
    Path tmp;

    /** An app with a release command and a health gate that gives up at once (nothing listens on its port). */
    private static DesiredApp app(Duration timeout) {
        HealthCheck quick = new HealthCheck("/", Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(300), 1, Duration.ZERO);
        ContainerOptions options = new ContainerOptions(List.of("serve"), List.of(), List.of(new ContainerOptions.Mount("db", "/data", false,
                Optional.empty())), List.of("backend"), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of());
        return new DesiredApp(new AppSpec("web", "reg/web", 3000, 4000, 4001, "127.0.0.1", quick, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Map.of("APP_ENV", "test"), List.of("DB_PASSWORD"), "web", 3, Bake.OFF, options,
                Optional.of(new Release(List.of("bin/migrate", "up"), timeout))), "v2");
    }

    private PassResult.AppResult apply(DesiredApp d, Optional<ReleaseContainer> release) {
        ActualApp a = new ActualApp("web", Map.of(), Optional.of("web"), Optional.empty(), Optional.empty(), Map.of(), release);
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(d)), "rev", Map.of("web", a), stalled, Set.of(), "127.0.0.1:8099");
        Path secrets = tmp.resolve("secrets.yaml");
        try {
            Files.writeString(secrets, "DB_PASSWORD: pw\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Applier(world, world, () -> Secrets.load(Optional.of(secrets)), "s1", "127.0.0.1:8099",
                PassListener.printing(progress::add), stopping::get, new Bakes(), 1).apply(plan, stalled).get(0);
    }

    @Test
    void aReleaseRunsBeforeTheNewColourInAOneOffContainerWithTheAppsEnvSecretsVolumesAndNetworks() {
        apply(app(Duration.ofSeconds(5)), Optional.empty());
        List<String> creates = world.calls.stream().filter(c -> c.startsWith("createAndStart")).toList();
        assertEquals(List.of("createAndStartOnce cutover-web-release", "createAndStart cutover-web-blue"), creates);
        ContainerSpec release = world.created.values().stream().filter(s -> s.name().equals("cutover-web-release")).findFirst().orElseThrow();
        assertEquals(List.of("APP_ENV=test", "DB_PASSWORD=pw"), release.env());
        assertEquals(0, release.hostPort(), "no published port");
        assertEquals(List.of("bin/migrate"), release.options().entrypoint());
        assertEquals(List.of("up"), release.options().command());
        assertEquals(List.of("backend"), release.options().networks());
        assertEquals("db", release.options().volumes().get(0).source());
        assertEquals(Labels.RELEASE, release.labels().get(Labels.ROLE));
        assertEquals(Plans.specHash(app(Duration.ofSeconds(5))), release.labels().get(Labels.SPEC_HASH));
        assertFalse(release.labels().containsKey(Labels.COLOUR), "a release container is no colour");
        assertTrue(progress.stream().anyMatch(l -> l.contains("release command exited 0")), String.join("\n", progress));
    }

    @Test
    void aReleaseThatExitsNonZeroStallsTheSpecStartsNothingAndQuotesItsLastOutput() {
        world.releaseExit = 3L;
        PassResult.AppResult r = apply(app(Duration.ofSeconds(5)), Optional.empty());
        assertEquals(AppOutcome.STALLED, r.outcome());
        assertInstanceOf(Failure.Stalled.class, r.failure().orElseThrow());
        assertEquals("release: the release command of v2 exited 3; last output: boom", r.detail());
        assertEquals(Plans.specHash(app(Duration.ofSeconds(5))), stalled.get("web"));
        assertTrue(world.callsNamed("createAndStart").isEmpty(), "no new colour");
        assertTrue(world.callsNamed("switchTo").isEmpty(), "nginx untouched");
        assertFalse(world.calls.stream().anyMatch(c -> c.startsWith("remove once")), "the failed release is kept as its record");
    }

    @Test
    void aReleaseThatOutlivesItsTimeoutIsKilledAndRemovedAndTheSpecStalls() {
        world.releaseExit = null; // runs until removed
        PassResult.AppResult r = apply(app(Duration.ofMillis(500)), Optional.empty());
        assertEquals(AppOutcome.STALLED, r.outcome());
        assertTrue(r.detail().contains("did not end within 500ms and was killed; last output: boom"), r.detail());
        String id = world.created.entrySet().stream().filter(e -> e.getValue().name().equals("cutover-web-release"))
                .findFirst().orElseThrow().getKey();
        assertTrue(world.callsNamed("remove").contains("remove " + id), world.calls.toString());
        assertTrue(world.callsNamed("createAndStart").isEmpty());
    }

    @Test
    void aReleaseStillRunningAfterARestartIsWaitedForAndItsExitCodeDecides() {
        world.exitCodes.put("once-before", 4L);
        PassResult.AppResult r = apply(app(Duration.ofSeconds(5)), Optional.of(new ReleaseContainer("once-before", "web", "v2", "rev",
                Plans.specHash(app(Duration.ofSeconds(5))), true, Optional.empty())));
        assertTrue(world.callsNamed("createAndStartOnce").isEmpty(), "never started a second time");
        assertTrue(world.callsNamed("status").contains("status once-before"));
        assertEquals(AppOutcome.STALLED, r.outcome());
        assertTrue(r.detail().contains("exited 4"), r.detail());
    }

    @Test
    void aStopDuringTheReleaseLeavesItRunningForTheNextPass() throws Exception {
        world.releaseExit = null;
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                return;
            }
            stopping.set(true);
        });
        stopper.start();
        PassResult.AppResult r = apply(app(Duration.ofMinutes(1)), Optional.empty());
        stopper.join();
        assertEquals(AppOutcome.FAILED, r.outcome());
        assertTrue(r.detail().contains("stopped while the release command runs; it carries on"), r.detail());
        assertFalse(world.calls.stream().anyMatch(c -> c.startsWith("remove once")), "the release is not killed");
        assertTrue(stalled.isEmpty(), "not stalled: the next pass waits for it");
    }
}

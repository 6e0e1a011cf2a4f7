package dev.cutover.reconcile;

import dev.cutover.config.Secrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.HealthCheck;
import dev.cutover.common.Http;
import dev.cutover.docker.DockerException;
import dev.cutover.docker.Labels;
import dev.cutover.nginx.NginxException;
import dev.cutover.outcome.Failure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applier's decisions on failure, through an engine and a router in memory: runs in milliseconds. */
class ApplierTest {
    private final FakeWorld world = new FakeWorld();
    private final ConcurrentMap<String, String> stalled = new ConcurrentHashMap<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private static DesiredApp app(String name, int blue, List<String> secrets) {
        // Generous bounds: the JVM's first HTTP request on a loaded, shared machine can take over a second.
        HealthCheck quick = new HealthCheck("/", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(10), 1, Duration.ZERO);
        return new DesiredApp(new AppSpec(name, "reg/" + name, 3000, blue, blue + 1, "127.0.0.1", quick,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of(), secrets, name.replace('-', '_'), 3), "v2");
    }

    private List<PassResult.AppResult> apply(AtomicBoolean stopping, Secrets secrets, DesiredApp... apps) {
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(apps)), "rev", Map.of(), stalled, "127.0.0.1:8099");
        return new Applier(world, world, () -> secrets, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                stopping::get, new Bakes(), 4).apply(plan, stalled);
    }

    private List<PassResult.AppResult> apply(DesiredApp... apps) {
        return apply(new AtomicBoolean(), Secrets.none(), apps);
    }

    @Test
    void anUnexpectedExceptionInOneAppFailsThatAppOnlyAndTheNextAppStillDeploys() throws IOException {
        world.faults.put("pull", arg -> arg.startsWith("reg/first") ? new IllegalArgumentException("bad reference") : null);
        try (ServerSocket healthy = healthyPort()) {
            List<PassResult.AppResult> r = apply(app("first", 4000, List.of()), appOn("second", healthy));
            assertEquals(AppOutcome.FAILED, r.get(0).outcome());
            assertTrue(r.get(0).detail().contains("unexpected IllegalArgumentException: bad reference"), r.get(0).detail());
            assertInstanceOf(Failure.Failed.class, r.get(0).failure().orElseThrow());
            assertEquals(AppOutcome.DEPLOYED, r.get(1).outcome(), r.get(1).detail());
        }
    }

    @Test
    void aNewColourIsRemovedWhenAStepAfterItsStartThrowsUnexpectedly() {
        world.faults.put("status", arg -> new IllegalStateException("inspect broke"));
        List<PassResult.AppResult> r = apply(app("web", 4000, List.of()));
        assertEquals(AppOutcome.FAILED, r.get(0).outcome());
        assertEquals(List.of("remove cutover-web-blue", "remove id1"), world.callsNamed("remove"));
        assertTrue(world.callsNamed("switchTo").isEmpty(), "nginx untouched");
    }

    @Test
    void aContainerOfTheSameNameThatIsNotThisServersIsLeftAloneAndTheDeployFails() {
        world.foreignNames.add("cutover-web-blue");
        PassResult.AppResult r = apply(app("web", 4000, List.of())).get(0);
        assertEquals(AppOutcome.FAILED, r.outcome());
        assertTrue(r.detail().contains("is not this server's"), r.detail());
        assertTrue(world.callsNamed("remove").isEmpty(), "nothing removed");
        assertTrue(world.callsNamed("createAndStart").isEmpty(), "nothing created");
    }

    @Test
    void aStartThatFailsHalfWayIsCleanedUpByName() {
        world.faults.put("createAndStart", arg -> new DockerException("docker: start: port taken", null, false));
        List<PassResult.AppResult> r = apply(app("web", 4000, List.of()));
        assertEquals(AppOutcome.FAILED, r.get(0).outcome());
        assertEquals(List.of("remove cutover-web-blue", "remove cutover-web-blue"), world.callsNamed("remove"));
    }

    @Test
    void aFailedGateMarksTheSpecStalledRemovesTheNewColourAndLeavesNginxAlone() {
        world.containersExit = true;
        DesiredApp web = app("web", 4000, List.of());
        List<PassResult.AppResult> r = apply(web);
        assertEquals(AppOutcome.STALLED, r.get(0).outcome());
        assertInstanceOf(Failure.Stalled.class, r.get(0).failure().orElseThrow());
        assertTrue(r.get(0).detail().contains("last log lines: boom"), r.get(0).detail());
        assertEquals(Plans.specHash(web), stalled.get("web"));
        assertTrue(world.callsNamed("remove").contains("remove id1"));
        assertTrue(world.callsNamed("switchTo").isEmpty());
    }

    @Test
    void anUnreachableEngineIsTransientAndARefusingOneIsNot() {
        world.faults.put("pull", arg -> new DockerException("docker: pull: connection refused", null, true));
        assertTrue(apply(app("web", 4000, List.of())).get(0).failure().orElseThrow().retrySoon());
        world.faults.put("pull", arg -> new DockerException("docker: pull: bad request", null, false));
        assertFalse(apply(app("web", 4000, List.of())).get(0).failure().orElseThrow().retrySoon());
    }

    @Test
    void anImageAlreadyOnTheHostIsUsedWhenTheRegistryCannotBeReachedAndOnlyThen() throws IOException {
        world.faults.put("pull", arg -> new DockerException("docker: pull: connection refused", null, true));
        world.images.add("reg/web:v2");
        try (ServerSocket healthy = healthyPort()) {
            PassResult.AppResult r = apply(appOn("web", healthy)).get(0);
            assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
            assertTrue(progress.stream().anyMatch(l -> l.contains("using reg/web:v2 already on this host")), progress.toString());
        }
        world.images.clear();
        assertTrue(apply(app("web", 4000, List.of())).get(0).failure().orElseThrow().retrySoon(), "not on the host: transient");
        world.images.add("reg/web:v2");
        world.faults.put("pull", arg -> new DockerException("docker: pull: unauthorized", null, false));
        assertEquals(AppOutcome.FAILED, apply(app("web", 4000, List.of())).get(0).outcome(), "a refusal is not papered over");
    }

    @Test
    void aDeployTakesThePullStartedEarlyAndItsFailureAsItsOwnWithoutPullingAgain() throws IOException {
        try (ServerSocket healthy = healthyPort()) {
            DesiredApp web = appOn("web", healthy);
            EarlyPulls early = new EarlyPulls(world);
            early.startFor(new DesiredState("s1", List.of(new DesiredApp(web.spec(), "v1"))));
            world.faults.put("pull", arg -> new DockerException("docker: pull: connection refused", null, true));
            world.images.add("reg/web:v2");
            early.startFor(new DesiredState("s1", List.of(web)));
            Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(web)), "rev", Map.of(), stalled, "127.0.0.1:8099");
            PassResult.AppResult r = new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                    () -> false, new Bakes(), 4, Optional.of(early), Optional.empty()).apply(plan, stalled).get(0);
            assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
            assertEquals(List.of("pull reg/web:v2"), world.callsNamed("pull"));
            assertTrue(progress.stream().anyMatch(l -> l.contains("using reg/web:v2 already on this host")), progress.toString());
        }
    }

    @Test
    void aSwitchNginxRefusesIsAFailureThatIsNotRetriedSoonAndTheNewColourIsRemoved() throws IOException {
        world.faults.put("switchTo", arg -> new NginxException("nginx config test failed, previous upstream restored"));
        try (ServerSocket healthy = healthyPort()) {
            PassResult.AppResult r = apply(appOn("web", healthy)).get(0);
            assertEquals(AppOutcome.FAILED, r.outcome());
            assertInstanceOf(Failure.Failed.class, r.failure().orElseThrow());
            assertFalse(r.failure().get().retrySoon());
            assertTrue(world.callsNamed("remove").contains("remove id1"));
            assertTrue(stalled.isEmpty(), "a refused switch is not a stalled spec");
        }
    }

    @Test
    void aMissingSecretIsInvalidInputNamesTheSecretAndCreatesNothing() {
        PassResult.AppResult r = apply(new AtomicBoolean(), Secrets.none(), app("web", 4000, List.of("DB_URL"))).get(0);
        assertInstanceOf(Failure.Invalid.class, r.failure().orElseThrow());
        assertTrue(r.detail().contains("secret DB_URL is not in the host's secrets file"), r.detail());
        assertTrue(world.callsNamed("createAndStart").isEmpty());
    }

    @Test
    void aBrokenSecretsFileOnlyFailsAppsThatNeedSecrets(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("secrets.yaml");
        Files.writeString(file, "DB_URL: [unclosed\n");
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(app("web", 4000, List.of()))), "rev", Map.of(),
                stalled, "127.0.0.1:8099");
        world.faults.put("status", arg -> new IllegalStateException("stop here"));
        PassResult.AppResult r = new Applier(world, world, Secrets.lazily(Optional.of(file)), "s1", "127.0.0.1:8099",
                PassListener.printing(progress::add), () -> false, new Bakes(), 4).apply(plan, stalled).get(0);
        assertTrue(r.detail().contains("stop here"), "got past the container's creation: " + r.detail());
        assertEquals(1, world.callsNamed("createAndStart").size());
    }

    @Test
    void stoppingBeforeAStepAbortsAtASafePointAndRemovesTheUnswitchedColour() {
        AtomicBoolean stopping = new AtomicBoolean();
        world.faults.put("createAndStart", arg -> {
            stopping.set(true);
            return null;
        });
        PassResult.AppResult r = apply(stopping, Secrets.none(), app("web", 4000, List.of())).get(0);
        assertEquals(AppOutcome.ABORTED, r.outcome());
        assertTrue(world.callsNamed("remove").contains("remove id1"));
        assertTrue(world.callsNamed("switchTo").isEmpty());
    }

    @Test
    void aFailedDeployPutsTheKeptColourBackAndASuccessfulOneRemovesTheOlderOne() throws IOException {
        DesiredApp web = app("web", 4000, List.of());
        List<Action> steps = List.of(new Action.SetAsideKept("web", Colour.BLUE, "kept1"), new Action.StartColour(web, Colour.BLUE, "rev"),
                new Action.AwaitHealthy(web, Colour.BLUE));
        world.containersExit = true;
        PassResult.AppResult failed = new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                () -> false, new Bakes(), 4).apply(new Planner.Plan(steps, Map.of()), stalled).get(0);
        assertEquals(AppOutcome.STALLED, failed.outcome());
        assertEquals(List.of("rename kept1 cutover-web-blue-kept", "rename kept1 cutover-web-blue"), world.callsNamed("rename"),
                "set aside, then put back");
        assertTrue(world.callsNamed("remove").contains("remove id1"), "the failed new colour is removed");
        assertFalse(world.callsNamed("remove").contains("remove kept1"), "the kept colour is not");

        world.calls.clear();
        world.containersExit = false;
        try (ServerSocket healthy = healthyPort()) {
            DesiredApp ok = appOn("web", healthy);
            List<Action> deploy = List.of(new Action.SetAsideKept("web", Colour.BLUE, "kept1"), new Action.StartColour(ok, Colour.BLUE, "rev"),
                    new Action.AwaitHealthy(ok, Colour.BLUE), new Action.SwitchTraffic(ok, Colour.BLUE, Optional.of(Colour.GREEN)));
            PassResult.AppResult r = new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                    () -> false, new Bakes(), 4).apply(new Planner.Plan(deploy, Map.of()), stalled).get(0);
            assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
            assertEquals(List.of("rename kept1 cutover-web-blue-kept"), world.callsNamed("rename"));
            assertTrue(world.callsNamed("remove").contains("remove kept1"), "the older version set aside is removed once replaced");
        }
    }

    /** Applies a plan of these apps with {@code parallelism}. */
    private List<PassResult.AppResult> applyWith(int parallelism, DesiredApp... apps) {
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(apps)), "rev", Map.of(), stalled, "127.0.0.1:8099");
        return new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                () -> false, new Bakes(), parallelism).apply(plan, stalled);
    }

    /** An app whose blue slot nothing listens on: its gate keeps trying until {@code deadline}. */
    private static DesiredApp slowApp(String name, Duration deadline) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HealthCheck untilDeadline = new HealthCheck("/", Duration.ofMillis(200), Duration.ofMillis(20), deadline, 1, Duration.ZERO);
        return new DesiredApp(new AppSpec(name, "reg/" + name, 3000, closed, closed + 1, "127.0.0.1", untilDeadline,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of(), List.of(), name.replace('-', '_'), 3), "v2");
    }

    private int line(String text) {
        for (int i = 0; i < progress.size(); i++) {
            if (progress.get(i).startsWith(text)) {
                return i;
            }
        }
        throw new AssertionError("no line " + text + " in " + progress);
    }

    @Test
    void aSlowHealthGateOfOneAppDoesNotDelayAnotherAppsSwitchAndItsFailureLeavesTheOtherDeployed() throws IOException {
        try (ServerSocket healthy = healthyPort()) {
            List<PassResult.AppResult> r = applyWith(4, slowApp("slow", Duration.ofSeconds(4)), appOn("fast", healthy));
            assertEquals(List.of("slow", "fast"), r.stream().map(PassResult.AppResult::app).toList(), "results in the plan's order");
            assertEquals(AppOutcome.STALLED, r.get(0).outcome(), r.get(0).detail());
            assertEquals(AppOutcome.DEPLOYED, r.get(1).outcome(), r.get(1).detail());
            assertTrue(line("fast: done switch") < line("slow: FAILED at health"), "fast switched while slow's gate still ran: " + progress);
            assertEquals(List.of("slow"), List.copyOf(stalled.keySet()), "only the slow app's spec waits for a change");
            assertEquals(List.of("switchTo fast " + "127.0.0.1:" + healthy.getLocalPort()), world.callsNamed("switchTo"));
        }
    }

    @Test
    void withParallelismOneAppsDeployOneAfterTheOtherInThePlansOrder() throws IOException {
        try (ServerSocket healthy = healthyPort()) {
            List<PassResult.AppResult> r = applyWith(1, slowApp("slow", Duration.ofSeconds(1)), appOn("fast", healthy));
            assertEquals(AppOutcome.DEPLOYED, r.get(1).outcome(), r.get(1).detail());
            assertTrue(line("slow: FAILED at health") < line("fast: pull"), "fast waited for slow: " + progress);
        }
    }

    @Test
    void twoAppsSwitchingAtOnceNeverInterleaveTheirNginxChanges() throws IOException {
        AtomicInteger inNginx = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        world.faults.put("switchTo", arg -> {
            mostAtOnce.accumulateAndGet(inNginx.incrementAndGet(), Math::max);
            Http.pause(Duration.ofMillis(300)); // write, test, reload and confirm take a while
            inNginx.decrementAndGet();
            return null;
        });
        try (ServerSocket first = healthyPort(); ServerSocket second = healthyPort(); ServerSocket third = healthyPort()) {
            List<PassResult.AppResult> r = applyWith(4, appOn("first", first), appOn("second", second), appOn("third", third));
            r.forEach(x -> assertEquals(AppOutcome.DEPLOYED, x.outcome(), x.detail()));
        }
        assertEquals(3, world.callsNamed("switchTo").size());
        assertEquals(1, mostAtOnce.get(), "one nginx change at a time");
    }

    @Test
    void aSwitchNginxRefusesForOneAppLeavesAnotherAppDeployingAtTheSameTimeUntouched() throws IOException {
        world.faults.put("switchTo", arg -> arg.startsWith("first ") ? new NginxException("nginx config test failed") : null);
        try (ServerSocket first = healthyPort(); ServerSocket second = healthyPort()) {
            List<PassResult.AppResult> r = applyWith(4, appOn("first", first), appOn("second", second));
            assertEquals(AppOutcome.FAILED, r.get(0).outcome());
            assertEquals(AppOutcome.DEPLOYED, r.get(1).outcome(), r.get(1).detail());
            assertEquals(List.of("second"), List.copyOf(world.files.keySet()));
        }
    }

    @Test
    void stoppingEndsEveryAppDeployingInParallelAtItsSafePointWithNginxUntouched() throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(slowApp("one", Duration.ofSeconds(30)),
                slowApp("two", Duration.ofSeconds(30)))), "rev", Map.of(), stalled, "127.0.0.1:8099");
        Applier applier = new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                stopping::get, new Bakes(), 4);
        var results = java.util.concurrent.CompletableFuture.supplyAsync(() -> applier.apply(plan, stalled));
        while (world.callsNamed("status").stream().distinct().count() < 2) {
            Http.pause(Duration.ofMillis(10)); // both gates under way
        }
        stopping.set(true);
        List<PassResult.AppResult> r = results.get(10, java.util.concurrent.TimeUnit.SECONDS);
        r.forEach(x -> assertEquals(AppOutcome.FAILED, x.outcome(), x.detail()));
        r.forEach(x -> assertTrue(x.detail().contains("stopped during the health gate"), x.detail()));
        assertTrue(world.callsNamed("remove").containsAll(List.of("remove id1", "remove id2")), "both new colours removed");
        assertTrue(world.callsNamed("switchTo").isEmpty());
        assertTrue(stalled.isEmpty(), "a stop is not a stalled spec");
    }

    @Test
    void aNewContainerRecordsTheImagesItsAppRanBeforeSoAPruneKnowsThemAsCutovers() throws IOException {
        world.ran.put("web", List.of("sha256:live", "sha256:kept"));
        try (ServerSocket healthy = healthyPort()) {
            assertEquals(AppOutcome.DEPLOYED, apply(appOn("web", healthy)).get(0).outcome());
        }
        assertEquals("sha256:live,sha256:kept", world.created.get("id1").labels().get(Labels.IMAGE_HISTORY));
    }

    @Test
    void thePruneOfOneAppGetsOnlyTheImagesItsContainersRanAndSparesWhatTheOtherAppsOfThePassDeploy() throws IOException {
        world.ran.put("first", List.of("sha256:f2", "sha256:f1"));
        world.ran.put("second", List.of("sha256:s1"));
        try (ServerSocket first = healthyPort(); ServerSocket second = healthyPort()) {
            apply(appOn("first", first), appOn("second", second));
        }
        assertEquals(List.of("pruneImages [sha256:f2, sha256:f1] keep 3 deploying [reg/first:v2, reg/second:v2]",
                "pruneImages [sha256:s1] keep 3 deploying [reg/first:v2, reg/second:v2]"),
                world.callsNamed("pruneImages").stream().sorted().toList());
    }

    @Test
    void aPruneThatFailsLeavesTheDeployThatAlreadyServesDeployed() throws IOException {
        world.faults.put("pruneImages", arg -> new DockerException("docker: prune images: engine busy", null, true));
        try (ServerSocket healthy = healthyPort()) {
            PassResult.AppResult r = apply(appOn("web", healthy)).get(0);
            assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
        }
        assertTrue(progress.contains("web: could not prune (the next deploy tries again): docker: prune images: engine busy"),
                progress.toString());
    }

    /** An app whose blue slot is a port where something answers 200, so the gate passes. */
    private static DesiredApp appOn(String name, ServerSocket port) {
        return app(name, port.getLocalPort(), List.of());
    }

    private static ServerSocket healthyPort() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (var c = s.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }
}

package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.common.ContainerOptions;
import dev.cutover.config.Secrets;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.Bake;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.HealthCheck;
import dev.cutover.docker.ContainerSpec;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.outcome.Failure;
import dev.cutover.testing.PortBlocks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A colour of several replicas through the applier, with an engine and a router in memory and
 * real health answers on the replicas' ports: each gated, all switched to, all watched by the
 * bake, all undone on a failure.
 */
class ApplierReplicaTest {
    private static final String PROBE = "127.0.0.1:8099";
    /** Blue (the old colour) on base..base+4, green (the new one) on base+5..base+9. */
    private final int base = PortBlocks.claim();
    private final FakeWorld world = new FakeWorld();
    private final ConcurrentMap<String, String> stalled = new ConcurrentHashMap<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> listening = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : listening) {
            s.close();
        }
    }

    private DesiredApp web(String tag, int replicas, Duration bake) {
        // Generous bounds: the JVM's first HTTP request on a loaded, shared machine can take over a second.
        HealthCheck quick = new HealthCheck("/", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofSeconds(8), 1, Duration.ZERO);
        return new DesiredApp(new AppSpec("web", "reg/web", 3000, base, base + 5, "127.0.0.1", quick, Duration.ofMillis(200),
                Duration.ofSeconds(1), Map.of(), List.of(), "app", 3, Bake.DEFAULT.withDuration(bake), ContainerOptions.NONE,
                Optional.empty(), List.of(), 0, replicas), tag);
    }

    /** Blue live at v1 with {@code replicas} running containers, its upstream file listing them. */
    private ActualApp blueLive(int replicas) {
        DesiredApp v1 = web("v1", replicas, Duration.ZERO);
        Map<Colour, ManagedContainer> first = new EnumMap<>(Colour.class);
        List<ManagedContainer> extras = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            ManagedContainer m = new ManagedContainer("blue" + i, Plans.containerName("web", Colour.BLUE, i), "web", Colour.BLUE, "v1",
                    "rev", Plans.specHash(v1), "app", "img", true, i);
            if (i == 0) {
                first.put(Colour.BLUE, m);
            } else {
                extras.add(m);
            }
        }
        world.routed = "127.0.0.1:" + base;
        return new ActualApp("web", first, Optional.of("app"), Optional.of(Planner.render(v1, Colour.BLUE, PROBE)),
                Optional.of("127.0.0.1:" + base), Map.of(), Optional.empty(), List.of(), Map.of(Colour.BLUE, extras));
    }

    private PassResult.AppResult apply(DesiredApp d, ActualApp a) {
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of(d)), "rev", Map.of("web", a), stalled, PROBE);
        return new Applier(world, world, Secrets::none, "s1", PROBE, PassListener.printing(progress::add), () -> false,
                new Bakes(), 1).apply(plan, stalled).get(0);
    }

    /** Answers 200 to every request on each of these ports, as a healthy replica would. */
    private void healthyOn(int... ports) throws IOException {
        for (int port : ports) {
            ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            listening.add(s);
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try (var c = s.accept()) {
                        c.getInputStream().read(new byte[4096]);
                        c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    private List<Integer> createdPorts() {
        return world.created.values().stream().map(ContainerSpec::hostPort).sorted().toList();
    }

    @Test
    void aNewVersionOfThreeReplicasIsGatedOnEachPortThenSwitchedToAllThreeAndTheOldOnesBeyondTheFirstAreRemoved() throws IOException {
        healthyOn(base + 5, base + 6, base + 7);
        PassResult.AppResult r = apply(web("v2", 3, Duration.ZERO), blueLive(3));
        assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
        assertEquals(List.of("createAndStart cutover-web-green", "createAndStart cutover-web-green-2", "createAndStart cutover-web-green-3"),
                world.callsNamed("createAndStart"));
        assertEquals(List.of(base + 5, base + 6, base + 7), createdPorts());
        assertEquals(List.of("switchTo app 127.0.0.1:" + (base + 5) + ",127.0.0.1:" + (base + 6) + ",127.0.0.1:" + (base + 7)),
                world.callsNamed("switchTo"), "the switch is confirmed by an answer from any of the three");
        assertTrue(progress.stream().anyMatch(l -> l.contains("green replica #3 healthy")), progress.toString());
        assertEquals(List.of("stop blue0", "stop blue1", "stop blue2"), world.callsNamed("stop"));
        assertEquals(List.of("remove blue1", "remove blue2"), world.callsNamed("remove").stream().filter(c -> c.contains("blue")).toList(),
                "the old first is kept for a rollback, the others go");
    }

    @Test
    void aReplicaThatFailsItsGateRemovesEveryContainerTheDeployStartedAndLeavesNginxAlone() throws IOException {
        healthyOn(base + 5, base + 6); // the third never answers
        PassResult.AppResult r = apply(web("v2", 3, Duration.ZERO), blueLive(3));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertTrue(r.detail().contains("green replica #3 failed its health gate"), r.detail());
        assertTrue(world.callsNamed("remove").containsAll(List.of("remove id1", "remove id2", "remove id3")), world.calls.toString());
        assertTrue(world.callsNamed("switchTo").isEmpty(), "nginx untouched");
        assertTrue(world.callsNamed("stop").isEmpty(), "the old colour keeps serving");
    }

    @Test
    void aReplicaThatExitsDuringTheBakeFlipsBackAndEveryNewReplicaIsDrainedAndRemoved() throws IOException {
        healthyOn(base + 5, base + 6, base + 7);
        Thread t = new Thread(() -> {
            while (world.callsNamed("switchTo").isEmpty()) {
                Thread.onSpinWait();
            }
            world.exited.add("id3"); // the third new replica, after the switch
        });
        t.setDaemon(true);
        t.start();
        PassResult.AppResult r = apply(web("v2", 3, Duration.ofSeconds(30)), blueLive(3));
        assertEquals(AppOutcome.FLIPPED_BACK, r.outcome(), r.detail());
        assertInstanceOf(Failure.Stalled.class, r.failure().orElseThrow());
        assertTrue(r.detail().contains("one of its other replicas exited with code 1"), r.detail());
        assertEquals("switchTo app 127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2),
                world.callsNamed("switchTo").get(1), "back to all three old ones");
        assertTrue(world.callsNamed("remove").containsAll(List.of("remove id1", "remove id2", "remove id3")), world.calls.toString());
        assertTrue(world.callsNamed("stop").isEmpty(), "the old colour keeps serving");
    }

    @Test
    void scalingUpStartsAndGatesTheMissingReplicasBeforeTheUpstreamListsThemWithoutANewColour() throws IOException {
        healthyOn(base + 1, base + 2);
        PassResult.AppResult r = apply(web("v1", 3, Duration.ZERO), blueLive(1));
        assertTrue(r.failure().isEmpty(), r.detail());
        assertEquals(List.of("createAndStart cutover-web-blue-2", "createAndStart cutover-web-blue-3"), world.callsNamed("createAndStart"));
        assertEquals(List.of(base + 1, base + 2), createdPorts());
        int lastStart = world.calls.lastIndexOf("createAndStart cutover-web-blue-3");
        int listed = world.calls.indexOf(world.callsNamed("switchTo").get(0));
        assertTrue(lastStart < listed, "started and gated before the upstream lists them: " + world.calls);
        assertTrue(world.files.get("app").contains("server 127.0.0.1:" + (base + 2) + " max_fails=0;\n"), world.files.get("app"));
        assertTrue(world.callsNamed("stop").isEmpty() && world.callsNamed("remove").stream().noneMatch(c -> c.contains("blue0")),
                "the running replica is left alone: " + world.calls);
    }

    @Test
    void scalingDownUnlistsTheExtrasBeforeDrainingAndRemovingThem() {
        PassResult.AppResult r = apply(web("v1", 1, Duration.ZERO), blueLive(3));
        assertTrue(r.failure().isEmpty(), r.detail());
        int unlisted = world.calls.indexOf(world.callsNamed("switchTo").get(0));
        assertTrue(unlisted < world.calls.indexOf("stop blue1"), world.calls.toString());
        assertEquals(List.of("stop blue1", "stop blue2"), world.callsNamed("stop"));
        assertEquals(List.of("remove blue1", "remove blue2"), world.callsNamed("remove"));
        assertTrue(world.callsNamed("createAndStart").isEmpty());
    }
}

package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.common.Colour;
import dev.cutover.common.ContainerOptions;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.Bake;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.HealthCheck;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.nginx.UpstreamFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Planning replicas (pure): a new colour of N, scaling the live colour in place, a crashed replica. */
class ReplicaPlannerTest {
    static DesiredApp app(String tag, int replicas) {
        return new DesiredApp(new AppSpec("web", "reg/web", 3000, 4000, 4100, "127.0.0.1", HealthCheck.DEFAULT,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(), List.of(), "app", 3, Bake.OFF, ContainerOptions.NONE,
                Optional.empty(), List.of(), 0, replicas), tag);
    }

    static ManagedContainer replica(Colour c, int i, String tag, boolean running) {
        return new ManagedContainer(c.label() + i + tag, Plans.containerName("web", c, i), "web", c, tag, "rev",
                Plans.specHash(app(tag, 1)), "app", "img", running, i);
    }

    /** Blue live at {@code tag} with its upstream file written for {@code fileReplicas}, and these containers. */
    static ActualApp blueLive(String tag, int fileReplicas, ManagedContainer... cs) {
        Map<Colour, ManagedContainer> first = new EnumMap<>(Colour.class);
        Map<Colour, List<ManagedContainer>> extras = new EnumMap<>(Colour.class);
        for (ManagedContainer c : cs) {
            if (c.replica() == 0) {
                first.put(c.colour(), c);
            } else {
                extras.computeIfAbsent(c.colour(), k -> new ArrayList<>()).add(c);
            }
        }
        return new ActualApp("web", first, Optional.of("app"), Optional.of(Planner.render(app(tag, fileReplicas), Colour.BLUE,
                PlannerTest.PROBE)), Optional.of("127.0.0.1:4001"), Map.of(), Optional.empty(), List.of(), extras);
    }

    /**
     * Blue pinned by `cutover rollback` to v1 (git says v2), nginx answering from {@code routed},
     * with these containers.
     */
    static ActualApp pinnedBlue(String routed, ManagedContainer... cs) {
        ActualApp a = blueLive("v1", 3, cs);
        String pinned = RolledBack.render(app("v2", 3), Colour.BLUE, PlannerTest.PROBE, Plans.specHash(app("v2", 3)));
        return new ActualApp("web", a.containers(), a.upstream(), Optional.of(pinned), Optional.of(routed), Map.of(),
                Optional.empty(), List.of(), a.extras());
    }

    static List<String> steps(DesiredApp d, ActualApp a) {
        List<String> out = new ArrayList<>();
        for (Action x : Planner.plan(new DesiredState("s1", List.of(d)), "rev", Map.of("web", a), Map.of(), PlannerTest.PROBE).actions()) {
            out.add(x instanceof Action.StartReplicas s ? "StartReplicas:" + s.colour().label() + s.replicas()
                    + s.copyOf().map(id -> " copying " + id).orElse("")
                    : x instanceof Action.RemoveReplicas r ? "RemoveReplicas:" + r.colour().label() + r.ids()
                    : x instanceof Action.Drain dr ? "Drain:" + dr.containerId()
                    : x instanceof Action.RepairUpstream ? "RepairUpstream"
                    : x.getClass().getSimpleName());
        }
        return out;
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> situations() {
        return Stream.of(
                arguments("three replicas converged plan nothing (nginx answered from the second)", app("v1", 3),
                        blueLive("v1", 3, replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.BLUE, 2, "v1", true)), List.of()),
                arguments("a new tag starts a colour of three, gated, before the switch; the old three go", app("v2", 3),
                        blueLive("v1", 3, replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.BLUE, 2, "v1", true)),
                        List.of("Pull", "StartColour", "AwaitHealthy", "StartReplicas:green[1, 2]", "SwitchTraffic", "Drain:blue0v1",
                                "StopColour", "Drain:blue1v1", "Drain:blue2v1", "RemoveReplicas:blue[blue1v1, blue2v1]", "PruneImages")),
                arguments("scaling 3 to 5 starts two in place, then lists them", app("v1", 5),
                        blueLive("v1", 3, replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.BLUE, 2, "v1", true)), List.of("StartReplicas:blue[3, 4]", "RepairUpstream")),
                arguments("scaling 5 to 2 unlists three first, then drains and removes them", app("v1", 2),
                        blueLive("v1", 5, replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.BLUE, 2, "v1", true), replica(Colour.BLUE, 3, "v1", true), replica(Colour.BLUE, 4, "v1", true)),
                        List.of("RepairUpstream", "Drain:blue2v1", "Drain:blue3v1", "Drain:blue4v1",
                                "RemoveReplicas:blue[blue2v1, blue3v1, blue4v1]")),
                arguments("a crashed replica is started again in place, not a new colour", app("v1", 3),
                        blueLive("v1", 3, replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", false),
                                replica(Colour.BLUE, 2, "v1", true)), List.of("StartReplicas:blue[1]")),
                arguments("a rollback's colour answering from its third replica is converged, not reloaded again", app("v2", 3),
                        pinnedBlue("127.0.0.1:4002", replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.BLUE, 2, "v1", true)), List.of()),
                arguments("a rollback's colour missing a replica starts a copy of its first (the older version), not git's", app("v2", 3),
                        pinnedBlue("127.0.0.1:4000", replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 2, "v1", true)),
                        List.of("StartReplicas:blue[1] copying blue0v1", "Pin")),
                arguments("a rollback's colour scaled down in git drains and removes the replicas beyond", app("v2", 2),
                        pinnedBlue("127.0.0.1:4000", replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.BLUE, 2, "v1", true)), List.of("Pin", "Drain:blue2v1", "RemoveReplicas:blue[blue2v1]")),
                arguments("replicas of the idle colour left running are drained and removed", app("v1", 2),
                        blueLive("v1", 2, replica(Colour.BLUE, 0, "v1", true), replica(Colour.BLUE, 1, "v1", true),
                                replica(Colour.GREEN, 1, "v0", true)), List.of("Drain:green1v0", "RemoveReplicas:green[green1v0]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void eachSituationPlansItsReplicaSteps(String name, DesiredApp d, ActualApp a, List<String> expected) {
        assertEquals(expected, steps(d, a));
    }

    @Test
    void scalingAloneKeepsTheSpecHashSoNoNewColourIsDeployed() {
        assertEquals(Plans.specHash(app("v1", 1)), Plans.specHash(app("v1", 5)));
    }

    @Test
    void theUpstreamListsEveryReplicaOfTheLiveColourAndEveryOneOfTheOtherAsBackup() {
        String f = UpstreamFile.render("web", "app", Colour.BLUE, "127.0.0.1", List.of(4000, 4001, 4002), List.of(4100, 4101, 4102),
                "127.0.0.1:8099", 8);
        assertTrue(f.contains("upstream app {\n    server 127.0.0.1:4000 max_fails=0;\n    server 127.0.0.1:4001 max_fails=0;\n"
                + "    server 127.0.0.1:4002 max_fails=0;\n    server 127.0.0.1:4100 max_fails=0 backup;\n"
                + "    server 127.0.0.1:4101 max_fails=0 backup;\n    server 127.0.0.1:4102 max_fails=0 backup;\n    keepalive 8;\n}"), f);
        assertEquals(Optional.of(Colour.BLUE), UpstreamFile.liveColour(f, "web"));
    }
}

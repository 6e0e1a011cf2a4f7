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
import dev.cutover.desired.Worker;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.docker.WorkerContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Planning worker processes (pure): what each situation of containers asks for. */
class WorkerPlannerTest {
    static final Worker JOBS = new Worker("jobs", List.of("bin/jobs"), false, Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(30));
    static final Worker CRON = new Worker("cron", List.of("bin/cron"), true, Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(10));

    static DesiredApp app(String tag, Worker... workers) {
        return new DesiredApp(new AppSpec("web", "reg/web", 3000, 4000, 4001, "127.0.0.1", HealthCheck.DEFAULT,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(), List.of(), "app", 3, Bake.OFF, ContainerOptions.NONE,
                Optional.empty(), List.of(workers)), tag);
    }

    static WorkerContainer running(Worker w, String tag) {
        return new WorkerContainer(w.name() + "-" + tag, "cutover-web-" + w.name(), "web", w.name(), tag,
                Plans.workerHash(app(tag, w), w), true);
    }

    static WorkerContainer stopped(Worker w, String tag) {
        WorkerContainer c = running(w, tag);
        return new WorkerContainer(c.id(), c.name(), c.app(), c.process(), c.tag(), c.specHash(), false);
    }

    /** The web process live on blue at {@code tag}, with these worker containers. */
    static ActualApp webLive(String tag, WorkerContainer... workers) {
        DesiredApp d = app(tag);
        Map<Colour, ManagedContainer> byColour = new EnumMap<>(Colour.class);
        byColour.put(Colour.BLUE, new ManagedContainer("blue-" + tag, "cutover-web-blue", "web", Colour.BLUE, tag, "rev",
                Plans.specHash(d), "app", "img", true));
        return new ActualApp("web", byColour, Optional.of("app"), Optional.of(Planner.render(d, Colour.BLUE, PlannerTest.PROBE)),
                Optional.of("127.0.0.1:4000"), Map.of(), Optional.empty(), List.of(workers));
    }

    static List<String> steps(DesiredApp d, ActualApp a, Map<String, String> stalled) {
        List<String> out = new ArrayList<>();
        for (Action x : plan(d, a, stalled).actions()) {
            out.add(x instanceof Action.DeployWorker w ? "DeployWorker:" + w.worker().name() + " replacing " + w.oldIds()
                    + w.resume().map(id -> " settling " + id).orElse("")
                    : x instanceof Action.RemoveWorkers r ? "RemoveWorkers:" + r.worker() + " " + r.ids()
                    : x.getClass().getSimpleName());
        }
        return out;
    }

    static Planner.Plan plan(DesiredApp d, ActualApp a, Map<String, String> stalled) {
        return Planner.plan(new DesiredState("s1", List.of(d)), "rev", Map.of("web", a), stalled, PlannerTest.PROBE);
    }

    static Stream<Arguments> situations() {
        return Stream.of(
                arguments("a new worker is started", app("v1", JOBS), webLive("v1"), List.of("DeployWorker:jobs replacing []")),
                arguments("a worker at the desired spec plans nothing", app("v1", JOBS), webLive("v1", running(JOBS, "v1")),
                        List.of()),
                arguments("a new tag moves the web, then the worker", app("v2", JOBS), webLive("v1", running(JOBS, "v1")),
                        List.of("Pull", "StartColour", "AwaitHealthy", "SwitchTraffic", "Drain", "StopColour", "PruneImages",
                                "DeployWorker:jobs replacing [jobs-v1]")),
                arguments("a worker that stopped is replaced", app("v1", JOBS), webLive("v1", stopped(JOBS, "v1")),
                        List.of("DeployWorker:jobs replacing [jobs-v1]")),
                arguments("an unfinished deploy's new one settles again before the old one goes", app("v2", JOBS),
                        webLive("v2", running(JOBS, "v2"), running(JOBS, "v1")), List.of("DeployWorker:jobs replacing [jobs-v1] settling jobs-v2")),
                arguments("an unfinished singleton deploy (its old one stopped) settles the new one again", app("v2", CRON),
                        webLive("v2", running(CRON, "v2"), stopped(CRON, "v1")), List.of("DeployWorker:cron replacing [cron-v1] settling cron-v2")),
                arguments("a worker gone from the app file is removed", app("v1"), webLive("v1", running(CRON, "v1")),
                        List.of("RemoveWorkers:cron [cron-v1]")),
                arguments("a singleton is replaced with its old one named", app("v2", CRON),
                        webLive("v2", running(CRON, "v1")), List.of("DeployWorker:cron replacing [cron-v1]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void eachSituationPlansItsWorkerSteps(String name, DesiredApp d, ActualApp a, List<String> expected) {
        assertEquals(expected, steps(d, a, Map.of()));
    }

    @Test
    void aWorkerSpecThatFailedWaitsForAChangeAndTheAppIsStalled() {
        DesiredApp d = app("v2", JOBS);
        Map<String, String> stalled = Map.of(Plans.workerKey("web", "jobs"), Plans.workerHash(d, JOBS));
        Planner.Plan p = plan(d, webLive("v2", running(JOBS, "v1")), stalled);
        assertEquals(List.of(), p.actions());
        assertEquals(AppStatus.Reason.STALLED, p.status().get("web").reason());
        assertTrue(p.status().get("web").message().contains("worker jobs at v2 did not stay up"), p.status().toString());
    }

    @Test
    void workersWaitWhileTheWebProcessIsStalled() {
        DesiredApp d = app("v2", JOBS);
        Map<String, String> stalled = Map.of("web", Plans.specHash(d));
        assertEquals(List.of(), steps(d, webLive("v1", running(JOBS, "v1")), stalled));
    }

    @Test
    void addingAWorkerNeverRedeploysTheWebAndTheWorkerHashFollowsTagAndCommand() {
        assertEquals(Plans.specHash(app("v1")), Plans.specHash(app("v1", JOBS)));
        assertTrue(!Plans.workerHash(app("v1", JOBS), JOBS).equals(Plans.workerHash(app("v2", JOBS), JOBS)));
        Worker other = new Worker("jobs", List.of("bin/jobs", "--fast"), false, JOBS.settle(), JOBS.deadline(), JOBS.stopTimeout());
        assertTrue(!Plans.workerHash(app("v1", JOBS), JOBS).equals(Plans.workerHash(app("v1", other), other)));
    }

    @Test
    void removingAnAppRemovesItsWorkers() {
        Planner.Plan p = Planner.plan(new DesiredState("s1", List.of()), "rev", Map.of("web", webLive("v1", running(JOBS, "v1"))),
                Map.of(), PlannerTest.PROBE);
        Action.RemoveApp r = (Action.RemoveApp) p.actions().get(0);
        assertTrue(r.containerIds().contains("jobs-v1"), r.toString());
    }
}

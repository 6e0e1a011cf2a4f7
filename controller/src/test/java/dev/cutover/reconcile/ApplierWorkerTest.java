package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.config.Secrets;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Worker;
import dev.cutover.docker.ExecResult;
import dev.cutover.docker.Labels;
import dev.cutover.outcome.Failure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Worker steps through an engine in memory: the order of starts and stops, and what a failure leaves running. */
class ApplierWorkerTest {
    private static final Worker JOBS = new Worker("jobs", List.of("bin/jobs", "--queue", "default"), false, Duration.ofMillis(400),
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final Worker CRON = new Worker("cron", List.of("bin/cron"), true, Duration.ofMillis(400), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    private final FakeWorld world = new FakeWorld();
    private final ConcurrentMap<String, String> stalled = new ConcurrentHashMap<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private PassResult.AppResult deploy(Worker w, List<String> oldIds) {
        return deploy(w, oldIds, Optional.empty());
    }

    /** @param resume a new one an unfinished deploy left running: settled again, not started */
    private PassResult.AppResult deploy(Worker w, List<String> oldIds, Optional<String> resume) {
        DesiredApp d = WorkerPlannerTest.app("v2", w);
        Planner.Plan plan = new Planner.Plan(List.of(new Action.DeployWorker(d, w, "rev2", oldIds, resume)), Map.of());
        return new Applier(world, world, Secrets::none, "s1", "127.0.0.1:8099", PassListener.printing(progress::add),
                () -> false, new Bakes(), 1).apply(plan, stalled).get(0);
    }

    /** The engine calls that start, stop or remove containers, in order. */
    private List<String> lifecycle() {
        return world.calls.stream().filter(c -> c.startsWith("createAndStartWorker ") || c.startsWith("stop ")
                || c.startsWith("start ") || c.startsWith("remove old") || c.startsWith("remove worker")).toList();
    }

    @Test
    void aNewWorkerStartsSettlesAndOnlyThenTheOldOneStops() {
        PassResult.AppResult r = deploy(JOBS, List.of("old1"));
        assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
        String name = Plans.workerName("web", "jobs", Plans.workerHash(WorkerPlannerTest.app("v2", JOBS), JOBS));
        assertEquals(List.of("createAndStartWorker " + name, "stop old1", "remove old1"), lifecycle());
        var spec = world.created.get("worker1");
        assertEquals(List.of("bin/jobs"), spec.options().entrypoint());
        assertEquals(List.of("--queue", "default"), spec.options().command());
        assertEquals(Labels.WORKER, spec.labels().get(Labels.ROLE));
        assertEquals("jobs", spec.labels().get(Labels.PROCESS));
        assertEquals(0, spec.hostPort(), "a worker publishes no port");
    }

    @Test
    void aWorkerThatCrashesAtStartIsRemovedTheOldOneKeepsRunningAndItsSpecWaits() {
        world.containersExit = true;
        PassResult.AppResult r = deploy(JOBS, List.of("old1"));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertInstanceOf(Failure.Stalled.class, r.failure().orElseThrow());
        assertTrue(r.detail().contains("worker jobs at v2 exited with code 1 within its settle"), r.detail());
        assertEquals(List.of("createAndStartWorker " + world.created.get("worker1").name(), "remove worker1"), lifecycle(),
                "the old one is never stopped");
        assertEquals(Plans.workerHash(WorkerPlannerTest.app("v2", JOBS), JOBS), stalled.get(Plans.workerKey("web", "jobs")));
        assertTrue(!stalled.containsKey("web"), "the web process's spec is not the one that failed");
    }

    @Test
    void aSingletonsOldOneStopsBeforeTheNewOneStartsSoTheyNeverOverlap() {
        PassResult.AppResult r = deploy(CRON, List.of("old1"));
        assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
        assertEquals(List.of("stop old1", "createAndStartWorker " + world.created.get("worker1").name(), "stop old1", "remove old1"),
                lifecycle());
    }

    @Test
    void aSingletonWhoseNewOneFailsHasItsOldOneStartedAgain() {
        world.exited.add("worker1");
        PassResult.AppResult r = deploy(CRON, List.of("old1"));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertEquals(List.of("stop old1", "createAndStartWorker " + world.created.get("worker1").name(), "remove worker1",
                "start old1"), lifecycle());
    }

    @Test
    void aSingletonWhoseNewOneFailsStartsAgainOnlyTheOldOneThatWasRunning() {
        world.exited.add("worker1");
        world.exited.add("old2");
        PassResult.AppResult r = deploy(CRON, List.of("old1", "old2"));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertEquals(List.of("start old1"), world.callsNamed("start"), "the one that was stopped before the deploy stays stopped");
    }

    @Test
    void aNewWorkerLeftBesideTheOldByAnUnfinishedDeploySettlesAgainAndOnlyThenTheOldOneGoes() {
        PassResult.AppResult r = deploy(JOBS, List.of("old1"), Optional.of("new1"));
        assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
        assertEquals(List.of("stop old1", "remove old1"), lifecycle(), "nothing new is started");
        assertTrue(world.calls.indexOf("status new1") < world.calls.indexOf("stop old1"), world.calls.toString());
    }

    @Test
    void aNewWorkerLeftByAnUnfinishedDeployThatDoesNotStayUpIsRemovedAndTheOldOneRunsOn() {
        world.exited.add("new1");
        PassResult.AppResult r = deploy(JOBS, List.of("old1"), Optional.of("new1"));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertTrue(r.detail().contains("worker jobs at v2 exited with code 1 within its settle"), r.detail());
        assertEquals(List.of("remove new1"), world.callsNamed("remove"));
        assertTrue(world.callsNamed("stop").isEmpty(), "the old one is never stopped");
    }

    @Test
    void anUnfinishedSingletonDeployThatFailsStartsAgainOneOldOneNeverTwo() {
        world.exited.addAll(List.of("new1", "old1", "old2"));
        PassResult.AppResult r = deploy(CRON, List.of("old1", "old2"), Optional.of("new1"));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertEquals(List.of("start old1"), world.callsNamed("start"));
    }

    @Test
    void aWorkersCheckCommandMustExitZeroBeforeTheOldOneStopsAndOneThatNeverDoesFailsItAtItsDeadline() {
        Worker checked = new Worker("jobs", List.of("bin/jobs"), false, Duration.ofMillis(200), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Optional.of(List.of("bin/ready", "--quiet")));
        AtomicInteger runs = new AtomicInteger();
        world.execs = id -> runs.incrementAndGet() < 3 ? new ExecResult(Optional.of(1L), List.of("queue not reachable"))
                : new ExecResult(Optional.of(0L), List.of());
        PassResult.AppResult r = deploy(checked, List.of("old1"));
        assertEquals(AppOutcome.DEPLOYED, r.outcome(), r.detail());
        assertEquals(3, runs.get(), "tried until it exited 0");
        assertTrue(world.calls.indexOf("exec worker1 [bin/ready, --quiet]") < world.calls.indexOf("stop old1"), world.calls.toString());

        world.execs = id -> new ExecResult(Optional.of(2L), List.of("queue not reachable"));
        Worker impatient = new Worker("jobs", checked.command(), false, checked.settle(), Duration.ofSeconds(1), checked.stopTimeout(),
                checked.check());
        r = deploy(impatient, List.of("old1"));
        assertEquals(AppOutcome.STALLED, r.outcome(), r.detail());
        assertTrue(r.detail().contains("was not ready within 1s: its check [bin/ready, --quiet] exited 2 (queue not reachable)"),
                r.detail());
        assertTrue(world.callsNamed("remove").contains("remove worker2"), "the new one is removed, the old one runs on");
    }

    @Test
    void aWorkerWhoseImageHealthcheckSaysUnhealthyFailsAndOneStillStartingFailsAtItsDeadline() {
        world.dockerHealth.put("worker1", "unhealthy");
        PassResult.AppResult r = deploy(JOBS, List.of());
        assertTrue(r.detail().contains("reported unhealthy (its image's HEALTHCHECK)"), r.detail());
        world.dockerHealth.put("worker2", "starting");
        long start = System.nanoTime();
        stalled.clear();
        r = deploy(JOBS, List.of());
        assertTrue(r.detail().contains("was not ready within 2s: its image's HEALTHCHECK says starting"), r.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 2000, "waited for its deadline");
        world.dockerHealth.put("worker3", "healthy");
        assertEquals(AppOutcome.DEPLOYED, deploy(JOBS, List.of()).outcome());
    }
}

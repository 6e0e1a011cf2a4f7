package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.config.Secrets;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredStateLoader;
import dev.cutover.docker.ContainerStatus;
import dev.cutover.docker.WorkerContainer;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Worker processes on the real engine: one tag moves the web and its workers; a bad worker leaves the old one running. */
class WorkersIT extends StageTest {
    private static final String LOOP = "[sh, -c, \"while true; do sleep 1; done\"]";
    /** A check that fails once, leaving a mark, and passes the next time: run inside the new container. */
    private static final String READY_ON_SECOND_TRY = "test -e /tmp/checked || { touch /tmp/checked; exit 1; }";

    private void appWithWorkers(String jobsCommand) {
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml", Stage.appYaml(stage.app, stage.bluePort,
                "up_" + stage.app.replace('-', '_')) + """
                workers:
                  jobs: {command: %s, settle: 2s, stopTimeout: 1s, check: {command: [sh, -c, "%s"]}}
                  cron: {command: %s, singleton: true, settle: 2s, stopTimeout: 1s}
                """.formatted(jobsCommand, READY_ON_SECOND_TRY, LOOP));
    }

    private List<WorkerContainer> running(String process) {
        return stage.docker.workerContainers(stage.server).stream().filter(w -> w.process().equals(process) && w.running()).toList();
    }

    @Test
    void aWebAndItsWorkersMoveTogetherTheSingletonNeverRunsTwiceAndACrashingWorkerLeavesTheOldOneRunning() {
        stage = new Stage(tmp, "workers");
        appWithWorkers(LOOP);
        stage.desire("v1");
        PassResult first = stage.pass();
        assertTrue(first.ok(), first + "\n" + String.join("\n", stage.progress));
        assertEquals("v1", stage.serving());
        assertEquals("v1", running("jobs").get(0).tag());
        assertEquals("v1", running("cron").get(0).tag());

        // One tag change: the web, then both workers. The singleton is watched all along.
        stage.desire("v2");
        AtomicInteger mostCron = new AtomicInteger();
        AtomicInteger mostJobs = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
            while (watching.get()) {
                mostCron.accumulateAndGet(running("cron").size(), Math::max);
                mostJobs.accumulateAndGet(running("jobs").size(), Math::max);
            }
        });
        PassResult second = stage.pass();
        watching.set(false);
        watch.join();
        assertTrue(second.ok(), second + "\n" + String.join("\n", stage.progress));
        assertEquals("v2", stage.serving());
        assertEquals(List.of("v2"), running("jobs").stream().map(WorkerContainer::tag).toList());
        assertEquals(List.of("v2"), running("cron").stream().map(WorkerContainer::tag).toList());
        assertEquals(1, mostCron.get(), "the singleton never ran twice");
        assertEquals(2, mostJobs.get(), "the new jobs worker started before the old one stopped");
        assertEquals(2, stage.docker.workerContainers(stage.server).size(), "the old workers are removed");
        assertTrue(stage.docker.exec(running("jobs").get(0).id(), List.of("test", "-e", "/tmp/checked"), Duration.ofSeconds(10)).ok(),
                "the check ran inside the new jobs worker before the old one stopped");

        // A jobs command that exits at once: the new one is removed, the old keeps running, the pass says why.
        appWithWorkers("[sh, -c, \"exit 3\"]");
        stage.repo.commitAndPush("jobs: a command that fails");
        PassResult third = stage.pass();
        PassResult.AppResult app = third.apps().get(0);
        assertEquals(AppOutcome.STALLED, app.outcome(), app.detail() + "\n" + String.join("\n", stage.progress));
        assertTrue(app.detail().contains("worker jobs at v2 exited"), app.detail());
        assertEquals(List.of("v2"), running("jobs").stream().map(WorkerContainer::tag).toList(), "the old jobs worker runs on");
        assertEquals(PassResult.Outcome.STALLED, stage.pass().outcome(), "not tried again until the desired state changes");
    }

    @Test
    void aNewWorkerLeftBesideTheOldByAnUnfinishedDeployMustStayUpBeforeTheOldOneGoes() throws Exception {
        stage = new Stage(tmp, "workers-resume");
        appWithWorkers(LOOP);
        stage.desire("v1");
        PassResult first = stage.pass();
        assertTrue(first.ok(), first + "\n" + String.join("\n", stage.progress));
        String oldJobs = running("jobs").get(0).id();

        // A jobs command that exits once, is restarted by the engine, then stays up: its deploy would fail.
        appWithWorkers("[sh, -c, \"test -e /tmp/once || { touch /tmp/once; exit 3; }; while true; do sleep 1; done\"]");
        stage.repo.commitAndPush("jobs: a command that crashes once");
        // A Cutover killed mid-settle left the new one running beside the old: started as a deploy starts it.
        DesiredApp d = DesiredStateLoader.loadServer(stage.repo.work().resolve("desired-state"), stage.server).apps().get(0);
        String leftBehind = stage.docker.createAndStartWorker(new NewContainers(Secrets.lazily(stage.config.secretsFile()), stage.server)
                .workerSpec(d, d.spec().workers().get(0), stage.repo.head()));
        awaitTrue(() -> {
            ContainerStatus s = stage.docker.status(leftBehind);
            return s.running() && s.restartCount() > 0;
        }, "the engine restarted the new one after its crash and it runs");

        PassResult.AppResult app = stage.pass().apps().get(0);
        assertEquals(AppOutcome.STALLED, app.outcome(), app.detail() + "\n" + String.join("\n", stage.progress));
        // The exit code is said when the engine still reports it (not once the restarted one runs).
        assertTrue(app.detail().contains("worker jobs at v1 exited") && app.detail().contains("and was restarted within its settle"),
                app.detail());
        assertEquals(List.of(oldJobs), running("jobs").stream().map(WorkerContainer::id).toList(), "the old jobs worker runs on");
        assertTrue(stage.docker.workerContainers(stage.server).stream().noneMatch(w -> w.id().equals(leftBehind)),
                "the new one that did not stay up is removed");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within 20 s: " + what);
            Thread.sleep(100);
        }
    }
}

package dev.cutover.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.docker.ManagedContainer;
import dev.cutover.common.Colour;
import dev.cutover.common.Failpoints;
import dev.cutover.reconcile.PassResult;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.Load;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What happens when things go wrong, on real parts. Each test states the outcome that must hold. */
class FaultsIT extends StageTest {

    private void servingV1(String name) {
        stage = new Stage(tmp, name);
        stage.desire("v1");
        assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
    }

    private List<String> tags() {
        return stage.containers().stream().map(c -> c.tag() + (c.running() ? "" : " (stopped)")).sorted().toList();
    }

    @Test
    void aTagMissingFromTheRegistryChangesNothingAndIsRetriedAsTransient() {
        servingV1("no-tag");
        stage.desire("v99-never-pushed");
        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        assertTrue(r.retrySoon(), "retried with backoff");
        assertTrue(r.error().orElseThrow().contains("pull 127.0.0.1:5000/cutover-demo:v99-never-pushed"), r.error().get());
        assertEquals(List.of("v1"), tags());
        assertEquals("v1", stage.serving());
    }

    @Test
    void aRegistryThatIsDownChangesNothingAndTheReasonShowsInStatusAndMetrics() throws Exception {
        servingV1("registry-down");
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml",
                Stage.appYaml(stage.app, stage.bluePort, "up_registry_down").replace("127.0.0.1:5000", "127.0.0.1:" + stage.sparePort));
        stage.desire("v2");
        daemon = new DaemonProcess(stage.writeConfig(tmp, "10m", ""), stage.adminPort, tmp.resolve("daemon.log"));
        Captured c = cli("sync", "--wait");
        assertEquals(1, c.exitCode(), c.out());
        String status = daemon.get("/api/status").body();
        assertTrue(status.contains("pull 127.0.0.1:" + stage.sparePort), status);
        assertTrue(daemon.metric("cutover_reconcile_passes_total{result=\"failed\"") >= 1);
        assertEquals(List.of("v1"), tags());
        assertEquals("v1", stage.serving());
    }

    @Test
    void aVersionAlreadyOnTheHostIsDeployedWhileItsRegistryIsDown() {
        servingV1("registry-down-local");
        // The same image under a registry that does not answer (a closed port on loopback).
        String repository = "127.0.0.1:" + stage.sparePort + "/cutover-demo";
        GitRepo.run(Path.of("."), List.of("docker", "pull", "-q", "127.0.0.1:5000/cutover-demo:v2"));
        GitRepo.run(Path.of("."), List.of("docker", "tag", "127.0.0.1:5000/cutover-demo:v2", repository + ":v2"));
        try {
            stage.repo.write("desired-state/apps/" + stage.app + ".yaml",
                    Stage.appYaml(stage.app, stage.bluePort, "up_registry_down_local").replace("127.0.0.1:5000", "127.0.0.1:" + stage.sparePort));
            stage.desire("v2");
            PassResult r = stage.pass();
            assertTrue(r.ok(), r.toString());
            assertEquals("v2", stage.serving());
            assertTrue(stage.progress.stream().anyMatch(l -> l.contains("using " + repository + ":v2 already on this host")),
                    String.join("\n", stage.progress));
        } finally {
            GitRepo.run(Path.of("."), List.of("docker", "rmi", "-f", repository + ":v2"));
        }
    }

    @Test
    void anInvalidCommitKeepsWhatRunsShowsWhyAndTheNextGoodCommitIsApplied() {
        servingV1("bad-commit");
        stage.repo.write("desired-state/servers/" + stage.server + ".yaml", "apps:\n  bad-commit:\n    tag: \"v2; rm -rf /\"\n");
        stage.repo.commitAndPush("A broken change");
        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        assertTrue(r.error().orElseThrow().contains("servers/" + stage.server + ".yaml:3: apps.bad-commit.tag: 'v2; rm -rf /' is not a valid image tag"), r.error().get());
        assertEquals(List.of("v1"), tags());
        assertEquals("v1", stage.serving());
        stage.desire("v2");
        assertTrue(stage.pass().ok());
        assertEquals("v2", stage.serving());
    }

    @Test
    void whenNginxIsNotRunningTheUpstreamFileIsRestoredAndTheNextPassConverges() throws Exception {
        servingV1("nginx-down");
        String before = stage.upstreamFile();
        stage.nginx.close();
        DaemonProcess.await(Duration.ofSeconds(10), "nginx to stop", () -> !stage.serving().equals("v1"));
        stage.desire("v2");
        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        assertTrue(r.error().orElseThrow().contains("previous upstream restored"), r.error().get());
        assertEquals(before, stage.upstreamFile());
        assertEquals(List.of("v1"), tags(), "the unused new colour was removed");

        GitRepo.run(tmp, stage.nginx.command());
        assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
        assertEquals("v2", stage.serving());
    }

    @Test
    void aFailingReloadRestoresTheUpstreamAndTrafficStaysOnTheOldColour() throws Exception {
        servingV1("reload-fails");
        String before = stage.upstreamFile();
        Path pid = stage.nginx.upstreamDir().getParent().resolve("nginx.pid");
        String realPid = Files.readString(pid);
        Files.writeString(pid, "not-a-pid\n");
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            stage.desire("v2");
            PassResult r = stage.pass();
            load.close();
            assertEquals(PassResult.Outcome.FAILED, r.outcome());
            assertTrue(r.error().orElseThrow().contains("nginx reload failed, previous upstream restored"), r.error().get());
            assertEquals(List.of(), load.failures);
        }
        assertEquals(before, stage.upstreamFile());
        assertEquals("v1", stage.serving());
        Files.writeString(pid, realPid);
        assertTrue(stage.pass().ok());
        assertEquals("v2", stage.serving());
    }

    @ParameterizedTest(name = "SIGKILL {0}: a restart converges, nothing half-done, no failed request")
    @ValueSource(strings = {Failpoints.AFTER_PULL, Failpoints.AFTER_START, Failpoints.DURING_HEALTH,
            Failpoints.AFTER_UPSTREAM_WRITE, Failpoints.AFTER_RELOAD, Failpoints.DURING_DRAIN})
    void aCutoverKilledAtAnyStepConvergesAfterARestart(String failpoint) throws Exception {
        servingV1("kill-" + failpoint.replace("after-", "a").replace("during-", "d").replace("upstream-", "u"));
        killAtAndRestart(failpoint);
    }

    /**
     * The bake's verdict is not kept anywhere: after a restart with both colours running and
     * the new one live, the bake starts again (the old colour stays hot until it passes).
     */
    @Test
    void aCutoverKilledDuringTheBakeBakesAgainAfterARestartThenConverges() throws Exception {
        servingV1("kill-dbake");
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml",
                Stage.appYaml(stage.app, stage.bluePort, "up_kill_dbake").replace("bake: 0s", "bake: 3s"));
        killAtAndRestart(Failpoints.DURING_BAKE);
        assertTrue(daemon.log().contains("still runs as backup: bake green again"), daemon.log());
        assertTrue(daemon.log().contains("bake passed after 3s"), daemon.log());
    }

    private void killAtAndRestart(String failpoint) throws Exception {
        Path config = stage.writeConfig(tmp, "10m", "");
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon.log"), failpoint);
            stage.desire("v2");
            assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
            DaemonProcess.await(Duration.ofSeconds(60), "failpoint " + failpoint, () -> daemon.log().contains("failpoint " + failpoint + " reached"));
            daemon.kill();
            daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon-2.log"));
            Captured c = cli("sync", "--wait");
            assertEquals(0, c.exitCode(), c.out());
            Thread.sleep(500);
            load.close();
            assertEquals(List.of(), load.failures, "requests failed across the kill and restart");
        }
        assertEquals("v2", stage.serving());
        assertEquals(List.of("v1 (stopped)", "v2"), tags(), "live v2, kept v1, no orphan");
        ManagedContainer live = stage.containers().stream().filter(ManagedContainer::running).findFirst().orElseThrow();
        assertTrue(stage.upstreamFile().contains("live=" + live.colour().label()), "the upstream points at the running colour");
    }

    @Test
    void driftIsShownWhileItLastsAndRepairedWithinOneInterval() throws Exception {
        servingV1("drift");
        daemon = new DaemonProcess(stage.writeConfig(tmp, "2s", ""), stage.adminPort, tmp.resolve("daemon.log"));
        // The live container is killed by hand: while paused the drift shows; on resume it is repaired.
        assertEquals(0, cli("pause").exitCode());
        GitRepo.run(tmp, List.of("docker", "kill", stage.container(Colour.BLUE).orElseThrow().id()));
        assertEquals(0, cli("sync", "--wait").exitCode());
        assertEquals(1.0, daemon.metric("cutover_drift"));
        assertEquals(0, cli("resume").exitCode());
        awaitConverged("the killed app to be replaced");

        // The idle colour is started by hand: it is drained and stopped again.
        ManagedContainer idle = stage.containers().stream().filter(c -> !c.running()).findFirst().orElseThrow();
        GitRepo.run(tmp, List.of("docker", "start", idle.id()));
        awaitConverged("the idle colour to be stopped");

        // The live container is removed by hand.
        ManagedContainer live = stage.containers().stream().filter(ManagedContainer::running).findFirst().orElseThrow();
        GitRepo.run(tmp, List.of("docker", "rm", "-f", live.id()));
        awaitConverged("the removed app to be replaced");

        // The upstream file is edited by hand: it is rewritten and nginx routes to the live colour.
        String good = stage.upstreamFile();
        Path file = stage.nginx.upstreamDir().resolve("up_drift.conf");
        Files.writeString(file, good.replace("max_fails=0;", "max_fails=0 down;"));
        DaemonProcess.await(Duration.ofSeconds(15), "the upstream file to be rewritten", () -> stage.upstreamFile().equals(good));
        assertEquals("v1", stage.serving());
    }

    /** One running container, the upstream file naming it live, v1 served, no drift (within 30 s). */
    private void awaitConverged(String what) {
        try {
            DaemonProcess.await(Duration.ofSeconds(30), what, () -> {
                List<ManagedContainer> running = stage.containers().stream().filter(ManagedContainer::running).toList();
                return running.size() == 1 && stage.upstreamFile().contains("live=" + running.get(0).colour().label())
                        && stage.serving().equals("v1") && daemon.metric("cutover_drift") == 0.0;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemon.log(), e);
        }
    }

    @Test
    void aSecondDaemonOnTheSameHostIsRefusedAndSaysWhy() throws Exception {
        servingV1("two-daemons");
        Path config = stage.writeConfig(tmp, "10m", "");
        daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon.log"));
        Path log = tmp.resolve("second.log");
        Process second = DaemonProcess.start(config, log, "", "run");
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, second.exitValue());
        String said = Files.readString(log);
        assertTrue(said.contains("another Cutover (pid ") && said.contains("only one may change it"), said);
        Process once = DaemonProcess.start(config, tmp.resolve("once.log"), "", "run", "--once");
        assertTrue(once.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, once.exitValue(), Files.readString(tmp.resolve("once.log")));
        assertEquals(200, daemon.get("/healthz").statusCode(), "the first one carries on");
    }

    @Test
    @Tag("exclusive") // stops the engine every other test uses: runs alone
    void aDockerEngineRestartDuringAPassFailsItCleanlyAndTheNextPassConverges() throws Exception {
        Assumptions.assumeTrue(opsStartedEngine().isPresent(),
                "the running Docker engine was not started by ops/start-docker; this test stops only an engine ops started");
        servingV1("engine-restart");
        stage.desire("v2");
        Path config = stage.writeConfig(tmp, "10m", "");
        // The daemon holds still for 20 s after starting the new colour; meanwhile the engine
        // is stopped, so the pass's next Docker call meets an engine that is down.
        daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon.log"), Failpoints.AFTER_START, 20);
        assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        DaemonProcess.await(Duration.ofSeconds(60), "the new colour to start", () -> daemon.log().contains("failpoint after-start reached"));
        stopDockerEngine();
        try {
            DaemonProcess.await(Duration.ofSeconds(60), "the pass to fail", () -> daemon.log().contains("pass failed"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemon.log(), e);
        } finally {
            GitRepo.run(Path.of("..").toAbsolutePath().normalize(), List.of("ops/start-docker"));
        }
        assertTrue(daemon.log().contains("FAILED at health: docker: "), daemon.log());
        assertFalse(stage.upstreamFile().contains("live=green"), "nothing was switched");
        Captured c = cli("sync", "--wait");
        assertEquals(0, c.exitCode(), c.out() + daemon.log());
        assertEquals("v2", stage.serving());
        assertEquals(List.of("v1 (stopped)", "v2"), tags());
    }

    /**
     * Stops the engine ops/start-docker started (by its recorded pid, SIGTERM) and waits until
     * it has exited. An engine someone else runs is never touched.
     */
    private static void stopDockerEngine() throws IOException {
        ProcessHandle engine = opsStartedEngine().orElseThrow();
        engine.destroy();
        DaemonProcess.await(Duration.ofSeconds(18), "dockerd to exit", () -> !engine.isAlive());
    }

    /** The engine ops/start-docker started, if the one running now is it. */
    private static Optional<ProcessHandle> opsStartedEngine() throws IOException {
        Path pidFile = Path.of(System.getenv().getOrDefault("CUTOVER_DOCKERD_PID_FILE", "/run/cutover-ops-dockerd.pid"));
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .filter(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("/dockerd")).orElse(false));
    }
}

package dev.cutover.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.reconcile.PassResult;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code cutover rollback} on real parts: with the daemon running (it runs the rollback) or
 * not (the command does), held by a pin in the upstream file until the desired state changes,
 * and written to git with {@code --commit}.
 */
class RollbackIT extends StageTest {
    private static final String PIN = "# cutover: pinned=";

    /** v2 live, v1 kept (stopped) for the rollback. */
    private void v2LiveV1Kept(String name) {
        stage = new Stage(tmp, name);
        for (String tag : List.of("v1", "v2")) {
            stage.desire(tag);
            PassResult r = stage.pass();
            assertTrue(r.ok(), () -> r + "\n" + String.join("\n", stage.progress));
        }
        assertEquals("v2", stage.serving());
    }

    private Path config() {
        return tmp.resolve("cutover.yaml");
    }

    private Captured rollback(String... more) {
        List<String> args = new ArrayList<>(List.of("rollback", "--app", stage.app, "--config", config().toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private long passesLogged() {
        return daemon.logLines().stream().filter(l -> l.matches(".* pass [a-z]+ in [0-9.]+s.*")).count();
    }

    private String remoteGit(String... args) {
        List<String> all = new ArrayList<>(List.of("--git-dir", stage.repo.remote().toString()));
        all.addAll(List.of(args));
        return GitRepo.git(tmp, all.toArray(String[]::new));
    }

    @Test
    void aRollbackThroughTheRunningDaemonHoldsAcrossPassesAndARestartUntilANewCommitLiftsIt() throws Exception {
        v2LiveV1Kept("held");
        stage.writeConfig(tmp, "2s", "");
        daemon = new DaemonProcess(config(), stage.adminPort, tmp.resolve("daemon.log"));
        assertEquals(401, daemon.post("/api/rollback?app=held", null, new byte[0]).statusCode(), "it needs the admin token");
        assertEquals(400, daemon.post("/api/rollback?app=..%2Fetc", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        String unknown = daemon.post("/api/rollback?app=nope", Stage.ADMIN_TOKEN, new byte[0]).body();
        assertTrue(unknown.endsWith("result: failed: app nope is not deployed on it-held\n"), unknown);

        long start = System.nanoTime();
        Captured c = rollback();
        System.out.println("[figures] rollback through the daemon (settle 3s, nothing to drain): "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        assertEquals(0, c.exitCode(), c.out() + c.err() + daemon.log());
        assertTrue(c.out().contains("held: start kept blue (v1)") && c.out().contains("result: changed"),
                "the daemon ran it and streamed its steps: " + c.out());
        assertEquals("v1", stage.serving());
        assertTrue(stage.upstreamFile().contains(PIN), stage.upstreamFile());

        // The daemon passes every 2 s; none of them undoes the rollback.
        long before = passesLogged();
        DaemonProcess.await(Duration.ofSeconds(30), "two more passes", () -> passesLogged() >= before + 2);
        assertEquals("v1", stage.serving());
        String status = daemon.get("/api/status").body();
        assertTrue(status.contains("\"reason\" : \"rolled-back\"") && status.contains("rolled back to v1 on blue by `cutover rollback`; git says v2"),
                status);
        assertEquals(1.0, daemon.metric("cutover_drift"), "git says v2, v1 serves");

        // The pin lives in the upstream file: a restarted daemon keeps it.
        daemon.close();
        daemon = new DaemonProcess(config(), stage.adminPort, tmp.resolve("daemon-2.log"));
        Captured sync = cli("sync", "--wait");
        assertEquals(0, sync.exitCode(), sync.out());
        assertTrue(sync.out().contains("result: converged"), sync.out());
        assertEquals("v1", stage.serving());

        // A change to the desired state lifts it.
        stage.desire("v3");
        sync = cli("sync", "--wait");
        assertEquals(0, sync.exitCode(), sync.out());
        assertEquals("v3", stage.serving());
        assertFalse(stage.upstreamFile().contains(PIN), stage.upstreamFile());
        assertEquals(0.0, daemon.metric("cutover_drift"));
    }

    @Test
    void rollbackWithCommitWritesTheRevertToGitAndTheNextPassHasNothingToDo() throws Exception {
        v2LiveV1Kept("commit");
        stage.writeConfig(tmp, "10m", "");
        daemon = new DaemonProcess(config(), stage.adminPort, tmp.resolve("daemon.log"));

        Captured c = rollback("--commit");
        assertEquals(0, c.exitCode(), c.out() + c.err() + daemon.log());
        String subject = "Roll back commit to v1 on " + stage.server + " (cutover rollback)";
        assertTrue(c.out().contains("and pushed it"), c.out());
        assertEquals(subject, remoteGit("log", "-1", "--format=%s", "main").trim());
        assertEquals("apps:\n  commit:\n    tag: v1\n", remoteGit("show", "main:desired-state/servers/" + stage.server + ".yaml"));
        assertEquals("v1", stage.serving());
        assertFalse(stage.upstreamFile().contains(PIN), "git and the host agree: no pin left\n" + stage.upstreamFile());

        Captured sync = cli("sync", "--wait");
        assertEquals(0, sync.exitCode(), sync.out());
        assertTrue(sync.out().contains("commit: v1 live on blue, converged") && sync.out().contains("result: converged"), sync.out());
        assertEquals(0.0, daemon.metric("cutover_drift"));
    }

    @Test
    void aPushGitRefusesIsAClearErrorAndTheRollbackOnTheHostStaysInForce() throws Exception {
        v2LiveV1Kept("refused");
        stage.writeConfig(tmp, "10m", "");
        // The remote cannot update the branch, as when a protected branch refuses the push.
        Path lock = stage.repo.remote().resolve("refs/heads/main.lock");
        Files.writeString(lock, "");
        String head = remoteGit("rev-parse", "main").trim();
        Captured c;
        try {
            c = rollback("--commit"); // no daemon runs: the command rolls back itself
        } finally {
            Files.delete(lock);
        }
        assertEquals(1, c.exitCode(), c.out() + c.err());
        assertTrue(c.out().contains("rolled back on this host, but not written to git: ")
                && c.out().contains("refused the push to branch main")
                && c.out().contains("the rollback stays in force until refused's desired state changes"), c.out());
        assertEquals(head, remoteGit("rev-parse", "main").trim(), "nothing reached git");
        assertEquals("v1", stage.serving());
        assertTrue(stage.upstreamFile().contains(PIN), stage.upstreamFile());
        PassResult again = stage.pass();
        assertEquals(PassResult.Outcome.CONVERGED, again.outcome(), again.toString());
        assertEquals("v1", stage.serving(), "the next pass leaves the rollback in place");
    }

    @Test
    void aRollbackWorksWhileTheRegistryIsUnreachable() {
        stage = new Stage(tmp, "no-registry");
        // Both versions ran here from a registry that no longer answers (a closed port on loopback).
        String repository = "127.0.0.1:" + stage.sparePort + "/cutover-demo";
        for (String tag : List.of("v1", "v2")) {
            GitRepo.run(Path.of("."), List.of("docker", "pull", "-q", "127.0.0.1:5000/cutover-demo:" + tag));
            GitRepo.run(Path.of("."), List.of("docker", "tag", "127.0.0.1:5000/cutover-demo:" + tag, repository + ":" + tag));
        }
        try {
            stage.repo.write("desired-state/apps/" + stage.app + ".yaml",
                    Stage.appYaml(stage.app, stage.bluePort, "up_no_registry").replace("127.0.0.1:5000", "127.0.0.1:" + stage.sparePort));
            for (String tag : List.of("v1", "v2")) {
                stage.desire(tag);
                assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
            }
            assertEquals("v2", stage.serving());
            stage.writeConfig(tmp, "10m", "");

            long start = System.nanoTime();
            Captured c = rollback();
            System.out.println("[figures] rollback without a daemon, registry down (settle 3s, nothing to drain): "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            assertEquals(0, c.exitCode(), c.out() + c.err());
            assertFalse(c.out().contains("pull"), "nothing is pulled: the kept container's image is on the host\n" + c.out());
            assertEquals("v1", stage.serving());
            PassResult again = stage.pass();
            assertEquals(PassResult.Outcome.CONVERGED, again.outcome(), again.toString());
            assertFalse(String.join("\n", stage.progress).contains("pull"), String.join("\n", stage.progress));

            // Rolling the rollback back returns to what git says (v2), so nothing is pinned.
            Captured back = rollback();
            assertEquals(0, back.exitCode(), back.out() + back.err());
            assertEquals("v2", stage.serving());
            assertFalse(stage.upstreamFile().contains(PIN), stage.upstreamFile());
            assertEquals(PassResult.Outcome.CONVERGED, stage.pass().outcome());
        } finally {
            GitRepo.run(Path.of("."), List.of("docker", "rmi", "-f", repository + ":v1", repository + ":v2"));
        }
    }
}

package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.common.Failpoints;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.git.DesiredSource;
import dev.cutover.nginx.Nginx;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.DockerCli;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Release commands on the real engine, registry and nginx. Each run appends a line to a file
 * in a named volume, so the runs are counted across containers: once per deploy, never twice
 * for one spec, even across a SIGKILL of Cutover mid-run.
 */
class ReleaseIT extends StageTest {
    private static final String DEMO = "127.0.0.1:5000/cutover-demo";
    private final String volume = "it-rel-" + UUID.randomUUID().toString().substring(0, 8);
    /** A migration that counts itself: a line per run in the shared volume, naming the version that ran it. */
    private final String counting = "release: {command: [sh, -c, \"echo migrated-$VERSION >> /data/runs; sleep %d\"]}\n";

    @AfterEach
    void removeVolume() throws Exception {
        if (stage != null) {
            stage.close(); // its containers first: the volume is in use until then
            stage = null;
        }
        DockerCli.attempt("volume", "rm", "-f", "cutover-" + volume);
    }

    /** The stage's app with the volume mounted at /data and {@code release} added, at {@code tag}. */
    private void desire(String tag, String release) {
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml", Stage.appYaml(stage.app, stage.bluePort,
                "up_" + stage.app.replace('-', '_')) + "volumes: [\"" + volume + ":/data\"]\n" + release);
        stage.desire(tag);
    }

    private List<String> runs() {
        String out = DockerCli.run("run", "--rm", "-v", "cutover-" + volume + ":/data:ro", "--entrypoint", "/bin/sh", DEMO + ":v1",
                "-c", "cat /data/runs 2>/dev/null || true");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    private String release(String format) {
        return DockerCli.run("inspect", "--format", format, "cutover-" + stage.app + "-release");
    }

    private List<String> tags() {
        return stage.containers().stream().map(c -> c.tag() + (c.running() ? "" : " (stopped)")).sorted().toList();
    }

    @Test
    void aReleaseThatSucceedsRunsOnceBeforeTheNewColourStartsAndNotAgainForTheSameSpec() {
        stage = new Stage(tmp, "rel-ok");
        desire("v1", counting.formatted(1));
        PassResult first = stage.pass();
        assertTrue(first.ok(), () -> first + "\n" + String.join("\n", stage.progress));
        assertEquals("v1", stage.serving());
        assertEquals(List.of("migrated-v1"), runs(), "it really ran, in the new image, with the app's volume");

        Instant finished = Instant.parse(release("{{.State.FinishedAt}}"));
        Instant blueCreated = Instant.parse(DockerCli.run("inspect", "--format", "{{.Created}}", stage.container(Colour.BLUE).orElseThrow().name()));
        assertTrue(finished.isBefore(blueCreated), "the release ended (" + finished + ") before the new colour was created (" + blueCreated + ")");
        ManagedContainer blue = stage.container(Colour.BLUE).orElseThrow();
        assertEquals("exited|0|" + blue.specHash() + "|never|0", release("{{.State.Status}}|{{.State.ExitCode}}|"
                + "{{index .Config.Labels \"dev.cutover.spec-hash\"}}|{{if .HostConfig.RestartPolicy.Name}}{{.HostConfig.RestartPolicy.Name}}"
                + "{{else}}never{{end}}|{{len .HostConfig.PortBindings}}"),
                "kept, stopped, as the record of this spec's release; never restarted, no published port");

        PassResult again = stage.pass();
        assertTrue(again.ok(), again::toString);
        assertEquals(List.of("migrated-v1"), runs(), "a pass with nothing to deploy runs nothing");

        desire("v2", counting.formatted(1));
        PassResult second = stage.pass();
        assertTrue(second.ok(), () -> second + "\n" + String.join("\n", stage.progress));
        assertEquals("v2", stage.serving());
        assertEquals(List.of("migrated-v1", "migrated-v2"), runs(), "one run per deploy");
        assertEquals(1, DockerCli.run("ps", "-a", "-q", "--filter", "name=cutover-" + stage.app + "-release").lines().count(),
                "the older release's container made way for the newer one");
    }

    @Test
    void aReleaseThatFailsSwitchesNothingStallsEvenAcrossARestartAndItsReasonHasItsLastOutputLines() {
        stage = new Stage(tmp, "rel-fail");
        desire("v1", counting.formatted(0));
        assertTrue(stage.pass().ok(), () -> String.join("\n", stage.progress));
        String upstream = stage.upstreamFile();

        desire("v2", "release: {command: [sh, -c, \"echo applying 0042; echo 'relation \\\"users\\\" does not exist' >&2; exit 3\"]}\n");
        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.STALLED, r.outcome(), () -> r + "\n" + String.join("\n", stage.progress));
        String why = r.error().orElseThrow();
        // Both streams are quoted; their order between stdout and stderr is the engine's.
        assertTrue(why.contains("the release command of v2 exited 3; last output: "), why);
        assertTrue(why.contains("applying 0042") && why.contains("relation \"users\" does not exist"), why);
        assertEquals("v1", stage.serving());
        assertEquals(upstream, stage.upstreamFile(), "nginx untouched");
        assertEquals(List.of("v1"), tags(), "no new colour was started");

        // A restarted Cutover (nothing in memory) reads the failure from the kept release container.
        Reconciler restarted = new Reconciler(stage.config, new DesiredSource(stage.config), stage.docker,
                new Nginx(stage.config.nginx()), PassListener.printing(stage.progress::add));
        PassResult after = restarted.pass();
        assertEquals(PassResult.Outcome.STALLED, after.outcome(), after::toString);
        assertTrue(after.error().orElseThrow().contains("the release command of v2 exited 3; waiting for a change"), after.error().get());
        assertEquals(List.of("v1"), tags());
        assertEquals("exited|3", release("{{.State.Status}}|{{.State.ExitCode}}"), "ran once, not again");
    }

    @Test
    void aReleaseThatOutlivesItsTimeoutIsKilledAndRemovedAndNothingIsSwitched() {
        stage = new Stage(tmp, "rel-timeout");
        desire("v1", "");
        assertTrue(stage.pass().ok(), () -> String.join("\n", stage.progress));

        desire("v2", "release: {command: [sh, -c, \"echo started; exec sleep 60\"], timeout: 2s}\n");
        long start = System.nanoTime();
        PassResult r = stage.pass();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(PassResult.Outcome.STALLED, r.outcome(), r::toString);
        assertTrue(r.error().orElseThrow().contains("the release command of v2 did not end within 2s and was killed; last output: started"),
                r.error().get());
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "ended at the timeout, not with the command: " + took);
        assertFalse(DockerCli.attempt("inspect", "cutover-" + stage.app + "-release").exit() == 0, "the release container is removed");
        assertEquals("v1", stage.serving());
        assertEquals(List.of("v1"), tags());
    }

    /**
     * Cutover is killed (SIGKILL) while the release command runs: the command carries on in its
     * own container, and the restarted Cutover waits for it and takes its exit code instead of
     * running the migration a second time for the same spec.
     */
    @Test
    void aCutoverKilledDuringTheReleaseNeverRunsItTwiceForTheSameSpec() throws Exception {
        stage = new Stage(tmp, "rel-kill");
        desire("v1", counting.formatted(0));
        assertTrue(stage.pass().ok(), () -> String.join("\n", stage.progress));
        Path config = stage.writeConfig(tmp, "10m", "");
        daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon.log"), Failpoints.DURING_RELEASE);
        desire("v2", counting.formatted(15));
        assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        DaemonProcess.await(Duration.ofSeconds(60), "the release to start",
                () -> daemon.log().contains("failpoint " + Failpoints.DURING_RELEASE + " reached"));
        daemon.kill();
        assertEquals("running", release("{{.State.Status}}"), "the release outlives Cutover");

        daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon-2.log"));
        Captured c = cli("sync", "--wait");
        assertEquals(0, c.exitCode(), c.out() + daemon.log());
        assertTrue(daemon.log().contains("wait for the release command of v2 already running"), daemon.log());
        assertEquals(List.of("migrated-v1", "migrated-v2"), runs(), "the migration ran once for v2");
        assertEquals("v2", stage.serving());
        assertEquals(List.of("v1 (stopped)", "v2"), tags());
    }
}

package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.config.HostConfig;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.git.DesiredSource;
import dev.cutover.nginx.Nginx;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.Load;
import dev.cutover.testing.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blue/green cutovers against a real Docker engine, registry, nginx and git repository. */
class CutoverIT {
    @TempDir
    Path tmp;
    Stage stage;

    @AfterEach
    void tearDown() throws Exception {
        if (stage != null) {
            stage.close();
        }
    }

    private PassResult deploy(String tag) {
        stage.desire(tag);
        PassResult r = stage.pass();
        assertTrue(r.ok(), () -> r + "\n" + String.join("\n", stage.progress));
        return r;
    }

    @Test
    void firstDeployThenV2ThenV1AlternateColoursAndKeepThePreviousOneStopped() {
        stage = new Stage(tmp, "alternate");
        deploy("v1");
        assertEquals("v1", stage.serving(), () -> stage.nginx.errorLog() + "\n" + stage.upstreamFile() + "\n"
                + dev.cutover.testing.GitRepo.run(tmp, java.util.List.of("ps", "-eo", "pid,ppid,etimes,args")) + String.join("\n", stage.progress));
        assertTrue(stage.container(Colour.BLUE).orElseThrow().running());

        deploy("v2");
        assertEquals("v2", stage.serving());
        assertTrue(stage.container(Colour.GREEN).orElseThrow().running());
        ManagedContainer keptBlue = stage.container(Colour.BLUE).orElseThrow();
        assertFalse(keptBlue.running(), "the previous colour is stopped");
        assertEquals("v1", keptBlue.tag(), "and kept for a rollback");
        assertTrue(stage.upstreamFile().contains("live=green"));

        deploy("v1");
        assertEquals("v1", stage.serving());
        assertTrue(stage.container(Colour.BLUE).orElseThrow().running());
        assertEquals("v2", stage.container(Colour.GREEN).orElseThrow().tag());
        assertFalse(stage.container(Colour.GREEN).orElseThrow().running());
    }

    @ParameterizedTest(name = "broken-{0} never receives a request, is removed, and the old colour serves")
    @ValueSource(strings = {"crash", "crashlater", "404", "500", "hang", "flap"})
    void aBrokenVersionNeverReceivesTrafficAndTheOldColourKeepsServing(String variant) {
        stage = new Stage(tmp, "broken-" + variant);
        deploy("v1");
        String upstreamBefore = stage.upstreamFile();
        PassResult r;
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            stage.desire("broken-" + variant);
            r = stage.pass();
            load.close();
            assertEquals(List.of(), load.failures);
            assertEquals(Map.of("v1", load.ok.get() + load.slowOk.get()),
                    load.versions.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())),
                    "every request through nginx was answered by v1");
        }
        assertEquals(PassResult.Outcome.STALLED, r.outcome(), r.toString());
        assertTrue(r.error().orElseThrow().contains("failed its health gate"), r.error().get());
        if (variant.equals("404") || variant.equals("500")) {
            // A steady refusal ends the gate by its own rule (3 s of the same answer), before the
            // 8 s deadline. (How soon after the start depends on how fast the container boots.)
            Duration gate = r.apps().get(0).stages().get("health");
            assertTrue(r.error().get().contains("answered HTTP " + variant + " steadily"), r.error().get());
            System.out.println("[figures] broken-" + variant + ": health gate ended after " + gate.toMillis() + " ms");
            assertTrue(gate.compareTo(Duration.ofSeconds(8)) < 0, "the gate took " + gate);
        }
        assertEquals(upstreamBefore, stage.upstreamFile(), "nginx was not touched");
        assertEquals(List.of("v1"), stage.containers().stream().map(ManagedContainer::tag).toList(), "the broken colour was removed");
        assertEquals("v1", stage.serving());

        PassResult again = stage.pass();
        assertEquals(PassResult.Outcome.STALLED, again.outcome());
        assertFalse(stage.progress.stream().anyMatch(l -> l.contains(": start ")), "the same revision is not retried: " + stage.progress);
    }

    @Test
    void aFailingNginxConfigTestRestoresTheUpstreamAndLeavesTrafficAlone() throws Exception {
        stage = new Stage(tmp, "nginx-test");
        deploy("v1");
        String upstreamBefore = stage.upstreamFile();
        Path planted = stage.nginx.upstreamDir().resolve("broken.conf");
        Files.writeString(planted, "this is not nginx config;\n");

        stage.desire("v2");
        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        assertTrue(r.error().orElseThrow().contains("nginx config test failed, previous upstream restored"), r.error().get());
        assertEquals(upstreamBefore, stage.upstreamFile());
        assertEquals("v1", stage.serving());
        assertEquals(List.of("v1"), stage.containers().stream().map(ManagedContainer::tag).toList(), "the unused new colour was removed");

        Files.delete(planted);
        assertTrue(stage.pass().ok());
        assertEquals("v2", stage.serving());
    }

    @Test
    void aHungNginxConfigTestFailsTheSwitchAtItsTimeoutAndTheOldColourKeepsServing() throws Exception {
        stage = new Stage(tmp, "nginx-hang");
        deploy("v1");
        String upstreamBefore = stage.upstreamFile();
        // The config test hangs (and so does a child it started); the reload is the real one.
        HostConfig.Nginx hanging = new HostConfig.Nginx(stage.config.nginx().upstreamDir(),
                List.of("sh", "-c", "sleep 300 & sleep 300"), stage.config.nginx().reload(), stage.config.nginx().probe());
        Reconciler reconciler = new Reconciler(stage.config, new DesiredSource(stage.config), stage.docker,
                new Nginx(hanging, Duration.ofSeconds(2)), PassListener.NONE);

        stage.desire("v2");
        long start = System.nanoTime();
        PassResult r = reconciler.pass();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        assertTrue(r.error().orElseThrow().contains("timed out after 2s and was killed"), r.error().get());
        assertFalse(r.retrySoon(), "a hung nginx is not hammered every second");
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "the pass ended at the timeout, not when the command would have: " + took);
        assertEquals(upstreamBefore, stage.upstreamFile());
        assertEquals("v1", stage.serving());
        assertEquals(List.of("v1"), stage.containers().stream().map(ManagedContainer::tag).toList(), "the unused new colour was removed");
    }

    @Test
    void aSecondPassOverAConvergedServerChangesNothing() throws Exception {
        stage = new Stage(tmp, "noop");
        deploy("v1");
        deploy("v2");
        List<ManagedContainer> before = stage.containers();
        Path file = stage.nginx.upstreamDir().resolve("up_noop.conf");
        var mtime = Files.getLastModifiedTime(file);
        String workers = stage.nginx.workerPids();

        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.CONVERGED, r.outcome(), r.toString());
        assertEquals(before, stage.containers(), "no container created, started or stopped");
        assertEquals(mtime, Files.getLastModifiedTime(file), "upstream file untouched");
        assertEquals(workers, stage.nginx.workerPids(), "nginx was not reloaded");
    }

    @Test
    void underLoadACutoverFailsNoRequestAndEverySlowRequestInFlightCompletes() {
        stage = new Stage(tmp, "load");
        deploy("v1");
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            deploy("v2");
            load.close();
            assertEquals(List.of(), load.failures, "failed requests during the cutover");
            assertTrue(load.slowOk.get() >= 10, "slow requests completed: " + load.slowOk.get());
            assertTrue(load.versions.containsKey("v1") && load.versions.containsKey("v2"), load.versions.toString());
        }
        assertEquals("v2", stage.serving());
    }

    @Test
    void aContainerThatTakesTheIdleColoursNameButIsNotThisServersIsLeftAlone() {
        stage = new Stage(tmp, "foreign");
        deploy("v1"); // blue live; green's name is free
        String name = "cutover-foreign-green";
        GitRepo.run(tmp, List.of("docker", "create", "--name", name, "127.0.0.1:5000/cutover-demo:v1"));
        try {
            stage.desire("v2");
            PassResult r = stage.pass();
            assertEquals(PassResult.Outcome.FAILED, r.outcome(), r.toString());
            assertTrue(r.error().orElseThrow().contains("a container named " + name + " exists and is not this server's"), r.toString());
            assertEquals(name, GitRepo.run(tmp, List.of("docker", "inspect", "--format", "{{.Name}}", name)).trim().substring(1),
                    "the user's container is still there");
            assertEquals("v1", stage.serving());
        } finally {
            GitRepo.run(tmp, List.of("docker", "rm", "-f", name));
        }
    }

    @Test
    void rollbackPutsTheKeptColourBackInFront() {
        stage = new Stage(tmp, "rollback");
        deploy("v1");
        deploy("v2");
        PassResult r = stage.reconciler.rollback(stage.app);
        assertTrue(r.ok(), r.toString());
        assertEquals("v1", stage.serving());
        assertFalse(stage.container(Colour.GREEN).orElseThrow().running());
    }

    @Test
    void aFailedDeployKeepsTheRollbackColourAndTheNextGoodDeployReplacesIt() {
        stage = new Stage(tmp, "keep-kept");
        deploy("v1");
        deploy("v2"); // v2 live on green, v1 kept (stopped) on blue
        stage.desire("broken-crash");
        PassResult r = stage.pass();
        assertEquals(PassResult.Outcome.STALLED, r.outcome(), r.toString());
        ManagedContainer kept = stage.container(Colour.BLUE).orElseThrow();
        assertEquals("v1", kept.tag(), "the kept colour survived the failed deploy in its slot");
        assertFalse(kept.running());
        assertEquals(List.of("cutover-keep-kept-blue", "cutover-keep-kept-green"),
                stage.containers().stream().map(ManagedContainer::name).sorted().toList(), "under its own name, nothing left aside");

        deploy("v3");
        assertEquals("v3", stage.serving());
        assertEquals(List.of("v2", "v3"), stage.containers().stream().map(ManagedContainer::tag).sorted().toList(),
                "the older kept version is gone once v2 is the kept one");
        assertTrue(stage.reconciler.rollback(stage.app).ok());
        assertEquals("v2", stage.serving());
    }

    @Test
    void secretsReachTheContainerButNeverItsLabelsOrTheProgressLog() throws Exception {
        stage = new Stage(tmp, "secrets");
        deploy("v1");
        ManagedContainer c = stage.container(Colour.BLUE).orElseThrow();
        String labels = String.join(" ", stage.containers().stream().map(Object::toString).toList());
        assertFalse(labels.contains(Stage.SECRET_VALUE));
        assertFalse(String.join("\n", stage.progress).contains(Stage.SECRET_VALUE));
        String env = dev.cutover.testing.GitRepo.run(tmp, List.of("docker", "inspect", "--format", "{{json .Config.Env}}", c.id()));
        assertTrue(env.contains("DB_PASSWORD=" + Stage.SECRET_VALUE), "the app gets its secret");
        String labelJson = dev.cutover.testing.GitRepo.run(tmp, List.of("docker", "inspect", "--format", "{{json .Config.Labels}}", c.id()));
        assertFalse(labelJson.contains(Stage.SECRET_VALUE), labelJson);
    }

    @Test
    void anAppRemovedFromTheServerFileLosesItsContainersAndUpstream() throws Exception {
        stage = new Stage(tmp, "remove");
        stage.repo.write("desired-state/apps/extra.yaml", Stage.appYaml("extra", stage.bluePort + 4, "up_extra"));
        stage.repo.write("desired-state/servers/" + stage.server + ".yaml",
                "apps:\n  remove: {tag: v1}\n  extra: {tag: v1}\n");
        stage.repo.commitAndPush("Two apps");
        assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
        assertTrue(Files.exists(stage.nginx.upstreamDir().resolve("up_extra.conf")));

        stage.desire("v1");
        PassResult r = stage.pass();
        assertTrue(r.ok(), r + String.join("\n", stage.progress));
        assertFalse(Files.exists(stage.nginx.upstreamDir().resolve("up_extra.conf")));
        assertEquals(List.of("remove"), stage.containers().stream().map(ManagedContainer::app).distinct().toList());
        assertEquals("v1", stage.serving());
    }
}

package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.config.HostConfig;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.testing.DockerCli;
import dev.cutover.testing.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container options on the real engine: an app joins a network the host allows and reaches
 * another container there by name, writes a named volume a second container reads, reads a
 * bind mount from an allowed folder, and carries its limits, user, labels, hosts and
 * read-only root where {@code docker inspect} (and the app itself) sees them.
 */
class ContainerOptionsIT {
    private static final String DEMO = "127.0.0.1:5000/cutover-demo";

    @TempDir
    Path tmp;
    Stage stage;
    /** What the test made beside Cutover, removed after it: containers, then networks, then volumes. */
    private final List<String[]> cleanUp = new ArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void tearDown() throws Exception {
        if (stage != null) {
            stage.close();
        }
        for (String[] command : cleanUp) {
            DockerCli.attempt(command);
        }
    }

    /** Rewrites the stage's app file with {@code options} added, and commits {@code tag} for it. */
    private PassResult deploy(String tag, String options) {
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml",
                Stage.appYaml(stage.app, stage.bluePort, "up_" + stage.app.replace('-', '_')) + options);
        stage.desire(tag);
        return stage.pass();
    }

    private String appContainer(Colour colour) {
        return stage.container(colour).orElseThrow().name();
    }

    @Test
    void anAppJoinsAnAllowedNetworkReachesAPeerByNameAndSharesANamedVolumeAndAnAllowedBindMount() throws Exception {
        String network = "cutover-it-net-" + suffix;
        String peer = "cutover-it-peer-" + suffix;
        String volume = "it-vol-" + suffix;
        Path allowed = Files.createDirectories(tmp.resolve("allowed"));
        Files.writeString(Files.createDirectories(allowed.resolve("in")).resolve("greeting"), "from-the-host\n");
        cleanUp.add(new String[] {"rm", "-f", peer});
        cleanUp.add(new String[] {"network", "rm", network});
        cleanUp.add(new String[] {"volume", "rm", "-f", "cutover-" + volume});
        DockerCli.run("network", "create", network);
        DockerCli.run("run", "-d", "--name", peer, "--network", network, DEMO + ":v1");
        stage = new Stage(tmp, "opts-net", new HostConfig.Allow(List.of(allowed.toString()), Set.of(network)));

        PassResult r = deploy("v2", """
                networks: [%s]
                volumes: ["%s:/data", "%s/in:/in:ro"]
                entrypoint: [/bin/sh, -c]
                command: ["cat /in/greeting > /data/hello && exec /app/start"]
                """.formatted(network, volume, allowed));
        assertTrue(r.ok(), () -> r + "\n" + String.join("\n", stage.progress));
        assertEquals("v2", stage.serving(), "published ports and nginx work on the joined network");

        String app = appContainer(Colour.BLUE);
        assertEquals("v1", DockerCli.run("exec", app, "wget", "-q", "-O", "-", "http://" + peer + ":3000/api/ping"),
                "the app reaches the peer by name on the joined network");
        assertEquals("from-the-host", DockerCli.run("run", "--rm", "-v", "cutover-" + volume + ":/data:ro",
                "--entrypoint", "/bin/cat", DEMO + ":v1", "/data/hello"), "a second container reads what the app wrote");
        DockerCli.Result write = DockerCli.attempt("exec", app, "sh", "-c", "echo x > /in/greeting");
        assertNotEquals(0, write.exit(), "the read-only bind mount refuses writes: " + write.output());
    }

    @Test
    void theContainerCarriesItsLimitsUserLabelsHostsAndReadOnlyRootAndChangingOneRedeploys() {
        stage = new Stage(tmp, "opts-inspect");
        String options = """
                command: [serve, --quietly]
                memory: %s
                cpus: 0.5
                user: "1000:1000"
                readOnly: true
                tmpfs: ["/scratch:size=16m"]
                labels: {team: web}
                extraHosts: ["db.internal:10.9.8.7"]
                logging: {driver: json-file, options: {max-size: 1m}}
                """;
        PassResult r = deploy("v1", options.formatted("64m"));
        assertTrue(r.ok(), () -> r + "\n" + String.join("\n", stage.progress));
        assertEquals("v1", stage.serving());

        String app = appContainer(Colour.BLUE);
        String inspected = DockerCli.run("inspect", "--format", String.join("|", "{{.HostConfig.Memory}}", "{{.HostConfig.NanoCpus}}",
                "{{.Config.User}}", "{{.HostConfig.ReadonlyRootfs}}", "{{json .HostConfig.Tmpfs}}", "{{index .Config.Labels \"team\"}}",
                "{{json .HostConfig.ExtraHosts}}", "{{json .Config.Cmd}}", "{{.HostConfig.LogConfig.Type}}",
                "{{json .HostConfig.LogConfig.Config}}", "{{index .Config.Labels \"dev.cutover.app\"}}"), app);
        assertEquals(String.join("|", Long.toString(64L << 20), "500000000", "1000:1000", "true", "{\"/scratch\":\"mode=1777,size=16777216\"}",
                "web", "[\"db.internal:10.9.8.7\"]", "[\"serve\",\"--quietly\"]", "json-file", "{\"max-size\":\"1m\"}", stage.app), inspected);
        assertEquals("1000", DockerCli.run("exec", app, "id", "-u"), "the app runs as the user");
        assertTrue(DockerCli.run("exec", app, "cat", "/etc/hosts").contains("10.9.8.7\tdb.internal"), "the extra host is in /etc/hosts");
        assertNotEquals(0, DockerCli.attempt("exec", app, "touch", "/app/x").exit(), "the root file system is read-only");
        assertEquals(0, DockerCli.attempt("exec", app, "touch", "/scratch/x").exit(), "the tmpfs is writable by the app's user");

        PassResult again = deploy("v1", options.formatted("96m"));
        assertTrue(again.ok(), () -> again + "\n" + String.join("\n", stage.progress));
        ManagedContainer green = stage.container(Colour.GREEN).orElseThrow();
        assertTrue(green.running(), "a changed option redeploys the same tag on the other colour");
        assertEquals(Long.toString(96L << 20), DockerCli.run("inspect", "--format", "{{.HostConfig.Memory}}", green.name()));
    }

    @Test
    void aBindMountOutsideTheAllowedFoldersIsRefusedAndNothingStarts() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("allowed"));
        stage = new Stage(tmp, "opts-refused", new HostConfig.Allow(List.of(allowed.toString()), Set.of()));
        assertTrue(deploy("v1", "").ok());
        String upstreamBefore = stage.upstreamFile();

        PassResult r = deploy("v2", "volumes: [\"/etc:/host-etc:ro\"]\n");
        assertEquals(PassResult.Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.error().orElseThrow().contains("/etc is not under a folder this host allows for bind mounts"), r.error().get());
        assertEquals(List.of("v1"), stage.containers().stream().map(ManagedContainer::tag).toList(), "nothing new was started");
        assertTrue(stage.container(Colour.BLUE).orElseThrow().running());
        assertEquals(upstreamBefore, stage.upstreamFile());
        assertEquals("v1", stage.serving());
        assertFalse(stage.progress.stream().anyMatch(l -> l.contains(": start ")), String.join("\n", stage.progress));
    }
}

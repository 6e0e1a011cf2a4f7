package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning on the real engine and registry: two apps on one image repository, each keeping
 * one image. The repository is this test's own (images built from the demo image with a
 * label of their own, so their ids are theirs alone), so no other test's images are at stake.
 */
class ImagePruningIT {
    private static final String REPOSITORY = "127.0.0.1:5000/cutover-prune-it";
    /** Built in this order: the user's image is the oldest, the first an age-based prune would take. */
    private static final List<String> TAGS = List.of("user", "v1", "v2", "v3", "v4");

    @TempDir
    Path tmp;
    Stage stage;

    @AfterEach
    void tearDown() throws IOException {
        if (stage != null) {
            stage.close();
        }
        for (String id : GitRepo.run(tmp, List.of("docker", "images", "-q", REPOSITORY)).lines().distinct().toList()) {
            GitRepo.run(tmp, List.of("docker", "rmi", "-f", id));
        }
    }

    @Test
    void oneAppsPruneKeepsTheOtherAppsRollbackImageAndNeverTouchesImagesNoCutoverContainerRan() throws IOException {
        stage = new Stage(tmp, "prune");
        buildAndPush();
        String a = stage.app;
        String b = "prune-b";
        stage.repo.write("desired-state/apps/" + a + ".yaml", appYaml(stage.bluePort, "up_prune"));
        stage.repo.write("desired-state/apps/" + b + ".yaml", appYaml(stage.bluePort + 2, "up_prune_b"));

        deploy(a, "v1", b, "v1");
        deploy(a, "v2", b, "v3");
        ManagedContainer aKept = stage.containers().stream().filter(c -> c.app().equals(a) && !c.running()).findFirst().orElseThrow();
        assertEquals("v1", aKept.tag(), "a keeps v1, stopped, for a rollback");
        deploy(a, "v2", b, "v4"); // b's prune: b ran v1 too, and v1 is beyond b's keep
        deploy(a, "v2", b, "v2"); // b's v3 container is gone now: v3 is b's, unused, beyond keep

        assertTrue(stage.docker.hasImage(REPOSITORY + ":v1"), "a's rollback image keeps its tag");
        assertEquals(aKept.imageId(), stage.containers().stream().filter(c -> c.id().equals(aKept.id())).findFirst().orElseThrow()
                .imageId());
        assertTrue(stage.docker.hasImage(REPOSITORY + ":user"), "an image no Cutover container ran is untouched");
        assertFalse(stage.docker.hasImage(REPOSITORY + ":v3"), "an image b ran and nothing uses any more is pruned");
        assertTrue(stage.docker.hasImage(REPOSITORY + ":v4"), "b's own rollback image stays");
        assertTrue(stage.docker.hasImage(REPOSITORY + ":v2"), "the live image stays");
        assertEquals("v4", stage.containers().stream().filter(c -> c.app().equals(b) && c.colour() == Colour.BLUE)
                .findFirst().orElseThrow().tag());
    }

    private void deploy(String a, String aTag, String b, String bTag) {
        stage.repo.write("desired-state/servers/" + stage.server + ".yaml",
                "apps:\n  " + a + ":\n    tag: " + aTag + "\n  " + b + ":\n    tag: " + bTag + "\n");
        stage.repo.commitAndPush("Deploy " + a + " " + aTag + ", " + b + " " + bTag);
        PassResult r = stage.pass();
        assertTrue(r.ok(), () -> r + "\n" + String.join("\n", stage.progress));
    }

    /** Each tag its own image (a label of its own gives it its own id), pushed to the registry. */
    private void buildAndPush() throws IOException {
        String build = UUID.randomUUID().toString();
        for (String tag : TAGS) {
            Path context = Files.createDirectories(tmp.resolve("build-" + tag));
            Files.writeString(context.resolve("Dockerfile"), "FROM 127.0.0.1:5000/cutover-demo:v1\nENV VERSION=" + tag
                    + "\nLABEL dev.cutover.test.build=" + build + "-" + tag + "\n");
            GitRepo.run(context, List.of("docker", "build", "-q", "-t", REPOSITORY + ":" + tag, "."));
            GitRepo.run(context, List.of("docker", "push", "-q", REPOSITORY + ":" + tag));
        }
    }

    private static String appYaml(int bluePort, String upstream) {
        return """
                image: %s
                port: 3000
                slots: {blue: %d, green: %d}
                health: {path: /api/ping, timeout: 1s, interval: 20ms, deadline: 20s, successes: 2, settle: 0s}
                drainTimeout: 5s
                stopTimeout: 1s
                keepImages: 1
                upstream: %s
                """.formatted(REPOSITORY, bluePort, bluePort + 1, upstream);
    }
}

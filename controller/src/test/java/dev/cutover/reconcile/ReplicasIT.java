package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.testing.Load;
import dev.cutover.testing.PortBlocks;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Replicas on the real engine and nginx, under load: a deploy of three, scaling 3 → 5 → 2 in place, a rollback of two. */
class ReplicasIT extends StageTest {
    private int blue;

    private void replicas(int n) {
        String yaml = Stage.appYaml(stage.app, blue, "up_replicas").replace("green: " + (blue + 1), "green: " + (blue + 5));
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml", yaml + "replicas: " + n + "\n");
    }

    private List<ManagedContainer> running(Colour c) {
        return stage.containers().stream().filter(m -> m.colour() == c && m.running()).toList();
    }

    /** A pass under load: it must end well and no request may fail. */
    private PassResult passUnderLoad() {
        try (Load load = new Load(stage.nginx.url(""), 8)) {
            PassResult r = stage.pass();
            load.close();
            assertTrue(r.ok(), r + "\n" + String.join("\n", stage.progress));
            assertEquals(List.of(), load.failures);
            return r;
        }
    }

    @Test
    void threeReplicasDeployUnderLoadWithoutAFailedRequestScaleToFiveAndToTwoInPlaceAndRollBackAsTwo() {
        stage = new Stage(tmp, "replicas");
        blue = PortBlocks.claim(); // a block of its own: five ports a colour
        replicas(3);
        stage.desire("v1");
        assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
        assertEquals(3, running(Colour.BLUE).size());
        assertEquals("v1", stage.serving());

        stage.desire("v2");
        passUnderLoad();
        assertEquals("v2", stage.serving());
        assertEquals(3, running(Colour.GREEN).size(), "a new colour of three");
        assertTrue(running(Colour.BLUE).isEmpty(), "the old three are drained and stopped");
        assertEquals(1, stage.containers().stream().filter(m -> m.colour() == Colour.BLUE).count(), "only the first is kept");
        assertTrue(stage.upstreamFile().contains("server 127.0.0.1:" + (blue + 7) + " max_fails=0;\n"), stage.upstreamFile());
        Set<String> before = running(Colour.GREEN).stream().map(ManagedContainer::id).collect(Collectors.toSet());

        replicas(5);
        stage.repo.commitAndPush("scale to 5");
        passUnderLoad();
        assertEquals(5, running(Colour.GREEN).size());
        assertTrue(running(Colour.GREEN).stream().map(ManagedContainer::id).collect(Collectors.toSet()).containsAll(before),
                "scaling up starts the missing ones beside the three, no new colour");
        assertTrue(stage.upstreamFile().contains("server 127.0.0.1:" + (blue + 9) + " max_fails=0;\n"), stage.upstreamFile());
        assertFalse(stage.progress.stream().anyMatch(l -> l.contains("switch upstream")), String.join("\n", stage.progress));

        replicas(2);
        stage.repo.commitAndPush("scale to 2");
        passUnderLoad();
        assertEquals(2, running(Colour.GREEN).size());
        assertEquals(2, stage.containers().stream().filter(m -> m.colour() == Colour.GREEN).count(), "the three beyond are removed");
        assertFalse(stage.upstreamFile().contains(":" + (blue + 7) + " max_fails=0;"), stage.upstreamFile());
        assertEquals("v2", stage.serving());

        // Only blue's first (v1) was kept: the rollback copies it onto blue's second port.
        try (Load load = new Load(stage.nginx.url(""), 8)) {
            PassResult r = stage.reconciler.rollback(stage.app);
            load.close();
            assertTrue(r.ok(), r + "\n" + String.join("\n", stage.progress));
            assertEquals(List.of(), load.failures);
        }
        assertEquals("v1", stage.serving());
        assertEquals(List.of("v1", "v1"), running(Colour.BLUE).stream().map(ManagedContainer::tag).toList(), "two replicas of v1");
        assertTrue(running(Colour.GREEN).isEmpty(), "v2 drained and stopped");
        assertEquals(1, stage.containers().stream().filter(m -> m.colour() == Colour.GREEN).count(), "v2's first kept");
        PassResult pinned = stage.pass();
        assertEquals(PassResult.Outcome.CONVERGED, pinned.outcome(), "the pinned colour answering from either replica is where"
                + " nginx should route, not reloaded again: " + pinned + "\n" + String.join("\n", stage.progress));
    }
}

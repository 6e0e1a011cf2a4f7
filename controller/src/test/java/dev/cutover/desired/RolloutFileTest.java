package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutFileTest {
    @TempDir
    Path tmp;

    private DesiredStateFolder fleet(String rollout) throws Exception {
        Files.createDirectories(tmp.resolve("rollouts"));
        DesiredStateFolder f = new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP);
        for (String s : List.of("a", "b", "c", "d")) {
            f.server(s, "apps:\n  web: {}\n");
        }
        return f.write("rollouts/web.yaml", rollout);
    }

    @Test
    void aServerInARolloutRunsTheRolloutsTagAndKnowsItsWave() throws Exception {
        fleet("tag: v2\nwaves: [[a], [b, c]]\nwaveBake: 30s\nserverTimeout: 2m\n");
        DesiredState b = DesiredStateLoader.loadServer(tmp, "b");
        assertEquals("v2", b.app("web").orElseThrow().tag());
        RolloutPlace place = b.rollout("web").orElseThrow();
        assertEquals(2, place.wave());
        assertFalse(place.pinned());
        assertEquals(List.of(List.of("a"), List.of("b", "c")), place.rollout().waves());
        assertEquals(Duration.ofSeconds(30), place.rollout().waveBake());
        assertEquals(Duration.ofMinutes(2), place.rollout().serverTimeout());
    }

    @Test
    void aTagInTheServerFileIsPinnedAndWins() throws Exception {
        fleet("tag: v2\nwaves: [[a], [b]]\n").server("b", "apps:\n  web: {tag: v1}\n");
        DesiredState b = DesiredStateLoader.loadServer(tmp, "b");
        assertEquals("v1", b.app("web").orElseThrow().tag());
        assertTrue(b.rollout("web").orElseThrow().pinned());
    }

    @Test
    void aServerOutsideEveryRolloutStillNeedsItsOwnTag() throws Exception {
        fleet("tag: v2\nwaves: [[a], [b]]\n");
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "d"));
        assertEquals("servers/d.yaml:2: apps.web.tag: required field is missing", e.problems().get(0).toString());
    }

    @Test
    void anAppNamedOnlyByTheRolloutRunsWithItsAppFileSettings() throws Exception {
        fleet("tag: v3\nwaves: [[a]]\n").server("a", "apps: {}\n");
        DesiredState a = DesiredStateLoader.loadServer(tmp, "a");
        assertEquals("v3", a.app("web").orElseThrow().tag());
        assertEquals(4000, a.app("web").get().spec().bluePort());
    }

    @Test
    void waveSizesTakeServersInOrderAndTheRestIsTheLastWave() throws Exception {
        fleet("tag: v2\nservers: [a, b, c, d]\nwaves: [1, 50%]\n");
        Rollout r = DesiredStateLoader.loadServer(tmp, "d").rollout("web").orElseThrow().rollout();
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d")), r.waves());
        assertEquals(Rollout.DEFAULT_SERVER_TIMEOUT, r.serverTimeout());
    }

    @Test
    void aRolloutIsValidatedWithTheWholeRepository() throws Exception {
        fleet("tag: v2\nwaves: [[a], [a]]\n");
        assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.validateAll(tmp));
    }

    static Stream<Arguments> invalidRollouts() {
        return Stream.of(
                Arguments.of("tag missing", "waves: [[a]]\n", 1, "tag", "required"),
                Arguments.of("bad tag", "tag: \"v 2\"\nwaves: [[a]]\n", 1, "tag", "not a valid image tag"),
                Arguments.of("waves missing", "tag: v2\n", 1, "waves", "required"),
                Arguments.of("empty waves", "tag: v2\nwaves: []\n", 2, "waves", "expected a list of waves"),
                Arguments.of("server twice", "tag: v2\nwaves: [[a], [b, a]]\n", 2, "waves", "in wave 1 and in wave 2"),
                Arguments.of("server without its file", "tag: v2\nwaves: [[a, zed]]\n", 2, "waves", "no servers/zed.yaml"),
                Arguments.of("bad server name", "tag: v2\nwaves: [[\"../etc\"]]\n", 2, "waves[1]", "not a valid server name"),
                Arguments.of("empty wave", "tag: v2\nwaves: [[a], []]\n", 2, "waves[2]", "at least one server"),
                Arguments.of("sizes and lists mixed", "tag: v2\nwaves: [[a], 1]\n", 2, "waves[2]", "not both"),
                Arguments.of("sizes without servers", "tag: v2\nwaves: [1]\n", 2, "waves", "need the list of servers"),
                Arguments.of("servers with named waves", "tag: v2\nservers: [a]\nwaves: [[a]]\n", 2, "servers", "only with wave sizes"),
                Arguments.of("share over 100", "tag: v2\nservers: [a, b]\nwaves: [150%]\n", 3, "waves[1]", "between 1% and 100%"),
                Arguments.of("size zero", "tag: v2\nservers: [a, b]\nwaves: [0]\n", 3, "waves[1]", "at least one server"),
                Arguments.of("size that is a word", "tag: v2\nservers: [a, b]\nwaves: [half]\n", 3, "waves[1]", "found 'half'"),
                Arguments.of("wave bake too long", "tag: v2\nwaves: [[a]]\nwaveBake: 200h\n", 3, "waveBake", "between"),
                Arguments.of("timeout too short", "tag: v2\nwaves: [[a]]\nserverTimeout: 10ms\n", 3, "serverTimeout", "between"),
                Arguments.of("unknown field", "tag: v2\nwaves: [[a]]\nparallel: 3\n", 3, "parallel", "unknown"));
    }

    @ParameterizedTest(name = "a rollout with {0} is reported with its line and field")
    @MethodSource("invalidRollouts")
    void eachMistakeInARolloutIsReportedWithLineAndField(String name, String yaml, int line, String field, String words) throws Exception {
        fleet(yaml);
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "a"));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for field " + field + " in " + e.problems()));
        assertEquals("rollouts/web.yaml", p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.message().contains(words), p.toString());
    }

    @Test
    void aRolloutOfAnAppWithoutItsAppFileIsAProblem() throws Exception {
        fleet("tag: v2\nwaves: [[a]]\n").write("rollouts/api.yaml", "tag: v2\nwaves: [[a]]\n");
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "a"));
        assertEquals("rollouts/api.yaml: no apps/api.yaml defines this app", e.problems().get(0).toString());
    }
}

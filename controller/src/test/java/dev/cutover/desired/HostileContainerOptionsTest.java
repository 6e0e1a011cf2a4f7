package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Container options written to reach the host: a commit must not mount the host's root,
 * {@code /etc}, the Docker socket or anything outside the folders the host allows, climb out
 * with {@code ..}, join the host's network or one the host did not name. Each is refused
 * with the file, line and field and a safe message, against a host that allows
 * {@code /srv/data} and the network {@code backend}, and against {@code cutover validate}'s
 * policy that allows nothing.
 */
class HostileContainerOptionsTest {
    private static final String APP = DesiredStateFolder.WEB_APP;
    private static final HostPolicy SRV_DATA = new HostPolicy(Set.of(), Map.of(), List.of("/srv/data"), Set.of("backend"));

    @TempDir
    Path tmp;

    static Stream<Arguments> hostileOptions() {
        return Stream.of(
                arguments("the host's root", "volumes: [\"/:/host\"]\n", "the host's root folder is never mounted"),
                arguments("the host's root written as //.", "volumes: [\"//.:/host\"]\n", "the host's root folder is never mounted"),
                arguments("/etc", "volumes: [\"/etc:/host-etc:ro\"]\n", "/etc is not under a folder this host allows for bind mounts (allow.bindMounts)"),
                arguments("/etc/shadow", "volumes: [\"/etc/shadow:/s\"]\n", "/etc/shadow is not under a folder"),
                arguments("the Docker socket", "volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]\n", "never mounted: the Docker socket"),
                arguments("the Docker socket under /run", "volumes: [\"/run/docker.sock:/d.sock\"]\n", "the Docker socket"),
                arguments("the folder holding the Docker socket", "volumes: [\"/var/run:/r\"]\n", "the Docker socket"),
                arguments("a docker.sock under the allowed folder", "volumes: [\"/srv/data/docker.sock:/d.sock\"]\n", "the Docker socket"),
                arguments(".. out of the allowed folder", "volumes: [\"/srv/data/../../etc:/e\"]\n", "'..' is not allowed"),
                arguments(".. that stays inside", "volumes: [\"/srv/data/a/../b:/e\"]\n", "'..' is not allowed"),
                arguments("a sibling sharing a prefix", "volumes: [\"/srv/data2:/d\"]\n", "/srv/data2 is not under a folder"),
                arguments("the allowed folder's parent", "volumes: [\"/srv:/d\"]\n", "/srv is not under a folder"),
                arguments(".. in the container path", "volumes: [\"data:/app/../../etc\"]\n", "'..' is not allowed"),
                arguments("a colon smuggling options", "volumes: [\"/srv/data:/d:ro:z\"]\n", "expected name:/path"),
                arguments("a comma smuggling mount options", "volumes: [\"/srv/data,bind-propagation=rshared:/d\"]\n", "may hold only letters"),
                arguments("a newline in a bind source", "volumes: [\"/srv/data/\\n/etc:/d\"]\n", "may hold only letters"),
                arguments("a relative bind source", "volumes: [\"../etc:/e\"]\n", "needs an absolute host path"),
                arguments("the host network", "networks: [host]\n", "'host' is a network mode sharing the host's or another container's namespace; it is never offered"),
                arguments("no network", "networks: [none]\n", "never offered"),
                arguments("another container's network", "networks: [\"container:db\"]\n", "never offered"),
                arguments("a network the host did not name", "networks: [bridge]\n", "network bridge is not allowed on this host"),
                arguments("an ANSI escape in a network", "networks: [\"\\e[2Jx\"]\n", "'\\x1b[2Jx' is not a valid network name"));
    }

    @ParameterizedTest(name = "{0} is refused with a safe message")
    @MethodSource("hostileOptions")
    void anOptionReachingForTheHostIsRefused(String name, String extra, String words) throws Exception {
        for (HostPolicy policy : List.of(SRV_DATA, HostPolicy.LOOPBACK_ONLY)) {
            Hostile h = new Hostile(tmp.resolve(policy == SRV_DATA ? "allowing" : "nothing"));
            h.app(APP + extra);
            h.policy = policy;
            InvalidDesiredState e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(InvalidDesiredState.class, h::load));
            String field = extra.substring(0, extra.indexOf(':'));
            boolean named = e.problems().stream().anyMatch(p -> p.file().equals("apps/web.yaml") && p.line() == 8
                    && p.field().equals(field) && (p.message().contains(words) || policy != SRV_DATA));
            if (!named) {
                throw new AssertionError("no apps/web.yaml:8 " + field + " problem saying '" + words + "' in " + e.problems());
            }
            for (Problem p : e.problems()) {
                HostileDesiredStateTest.assertSafe(p, h);
            }
        }
    }

    @ParameterizedTest(name = "{0} is accepted where the host allows it")
    @MethodSource("allowedOptions")
    void whatTheHostAllowsIsAccepted(String name, String extra) throws Exception {
        Hostile h = new Hostile(tmp);
        h.app(APP + extra);
        h.policy = SRV_DATA;
        assertDoesNotThrow(h::load);
    }

    static Stream<Arguments> allowedOptions() {
        return Stream.of(
                arguments("the allowed folder itself", "volumes: [\"/srv/data:/data\"]\n"),
                arguments("a folder below it, read-only", "volumes: [\"/srv/data/app/uploads:/uploads:ro\"]\n"),
                arguments("a named volume", "volumes: [\"data:/data\"]\n"),
                arguments("the allowed network", "networks: [backend]\n"));
    }
}

package dev.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.desired.HostPolicy;
import dev.cutover.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The host config's {@code allow} section: folders apps may bind-mount from, networks they may join. */
class AllowSectionTest {
    private static final String BASE = "server: s1\nrepo: {url: /r}\n";

    @TempDir
    Path tmp;

    private HostConfig load(String yaml) throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, BASE + yaml);
        return HostConfigLoader.load(f);
    }

    @Test
    void withoutAnAllowSectionAppsMayMountNothingAndJoinNoNetwork() throws Exception {
        HostPolicy policy = load("").policy();
        assertEquals(List.of(), policy.bindMountFolders());
        assertEquals(Set.of(), policy.networks());
    }

    @Test
    void allowedFoldersAreNormalisedAndMatchedByWholePathParts() throws Exception {
        HostPolicy policy = load("allow:\n  bindMounts: [/srv/data/, /opt//app/./files]\n  networks: [backend]\n").policy();
        assertEquals(List.of("/srv/data", "/opt/app/files"), policy.bindMountFolders());
        assertEquals(Optional.of("/srv/data"), policy.bindMountFolderOf("/srv/data/x/y"));
        assertEquals(Optional.of("/srv/data"), policy.bindMountFolderOf("/srv/data"));
        assertEquals(Optional.empty(), policy.bindMountFolderOf("/srv/database"));
        assertEquals(Optional.empty(), policy.bindMountFolderOf("/srv"));
        assertTrue(policy.allowsNetwork("backend"));
        assertFalse(policy.allowsNetwork("frontend"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("the root folder", "allow: {bindMounts: [/]}", "allow.bindMounts", "the root folder cannot be allowed"),
                arguments("the root folder written as /./", "allow: {bindMounts: [/./]}", "allow.bindMounts", "the root folder cannot be allowed"),
                arguments("the folder of the Docker socket", "allow: {bindMounts: [/var/run]}", "allow.bindMounts", "/var/run holds the Docker socket"),
                arguments("/run", "allow: {bindMounts: [/run]}", "allow.bindMounts", "holds the Docker socket"),
                arguments("/var", "allow: {bindMounts: [/var]}", "allow.bindMounts", "holds the Docker socket"),
                arguments("the socket itself", "allow: {bindMounts: [/var/run/docker.sock]}", "allow.bindMounts", "holds the Docker socket"),
                arguments("the folder of a socket the host config names", "docker: {host: 'unix:///srv/engine/d.sock'}\nallow: {bindMounts: [/srv]}",
                        "allow.bindMounts", "/srv holds the Docker socket"),
                arguments("a relative folder", "allow: {bindMounts: [data]}", "allow.bindMounts", "must be an absolute path"),
                arguments("a folder with ..", "allow: {bindMounts: [/srv/../etc]}", "allow.bindMounts", "'..' is not allowed"),
                arguments("the host network", "allow: {networks: [host]}", "allow.networks", "never offered"),
                arguments("another container's network", "allow: {networks: [\"container:db\"]}", "allow.networks", "never offered"),
                arguments("a network name with a space", "allow: {networks: [\"a b\"]}", "allow.networks", "not a valid network name"),
                arguments("an unknown allowance", "allow: {privileged: true}", "allow.privileged", "unknown field"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("refused")
    void whatWouldHandAppsTheHostIsRefusedEvenInTheHostConfig(String name, String yaml, String field, String words) {
        InvalidHostConfig e = assertThrows(InvalidHostConfig.class, () -> load(yaml));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field) && x.message().contains(words)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + field + "' problem saying '" + words + "' in " + e.problems()));
        assertTrue(p.line() >= 3, p.toString());
    }
}

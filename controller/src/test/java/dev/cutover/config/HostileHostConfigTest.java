package dev.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host configs written by mistake or in bad faith: each is refused with one escaped line naming
 * the field, quickly, and without quoting a secret.
 */
class HostileHostConfigTest {
    /** A valid start that each case adds to; its repo section is open for more repo fields. */
    private static final String BASE = "server: s1\nrepo:\n  url: /r\n";
    private static final String TOKEN = "T0KEN-IN-THE-PATH";

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadOnceSoClassLoadingIsNotTimed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cutover.yaml");
        Files.writeString(f, BASE);
        HostConfigLoader.load(f);
    }

    static Stream<Arguments> hostileConfigs() {
        return Stream.of(
                // listeners stay on loopback unless the host opts in, by name
                row("a non-loopback admin listener without the opt-in", BASE + "admin: {listen: 0.0.0.0:9470}",
                        "admin.listen", "0.0.0.0 is not a loopback address; set exposure.admin: true to listen beyond loopback"),
                row("a non-loopback probe listener without the opt-in", BASE + "nginx: {probe: 10.0.0.5:8099}",
                        "nginx.probe", "set exposure.probe: true"),
                row("the admin opt-in does not open the probe", BASE + "exposure: {admin: true}\nnginx: {probe: 0.0.0.0:8099}",
                        "nginx.probe", "not a loopback address"),
                row("admin and probe on one port", BASE + "admin: {listen: 127.0.0.1:9470}\nnginx: {probe: 127.0.0.2:9470}",
                        "nginx.probe", "need different ports"),
                row("port 0", BASE + "admin: {listen: 127.0.0.1:0}", "admin.listen", "port 0 is not allowed"),
                row("a port with a leading zero (octal to some readers)", BASE + "admin: {listen: 127.0.0.1:09470}",
                        "admin.listen", "expected an address"),
                row("a sexagesimal probe", BASE + "nginx: {probe: 50:00}", "nginx.probe", "expected an address"),
                row("an octal app bind address", BASE + "exposure: {appBinds: [010.0.0.1]}", "exposure.appBinds", "expected IPv4"),
                row("an app bind that is not a list", BASE + "exposure: {appBinds: 0.0.0.0}", "exposure.appBinds", "expected a list"),
                row("an opt-in written as yes", BASE + "exposure: {admin: yes}", "exposure.admin", "expected true or false"),
                row("an unknown exposure", BASE + "exposure: {everything: true}", "exposure.everything", "unknown field"),
                // the poll interval
                row("interval 0ms", BASE + "  interval: 0ms", "repo.interval", "between 1s and 24h"),
                row("interval 500ms", BASE + "  interval: 500ms", "repo.interval", "between 1s and 24h"),
                row("interval 25h", BASE + "  interval: 25h", "repo.interval", "between 1s and 24h"),
                row("an octal interval", BASE + "  interval: 05670", "repo.interval", "expected a duration"),
                row("a sexagesimal interval", BASE + "  interval: 50:00", "repo.interval", "expected a duration"),
                // the branch
                row("branch ..", BASE + "  branch: '..'", "repo.branch", "not a valid branch name"),
                row("branch -x, an option to git", BASE + "  branch: -x", "repo.branch", "not a valid branch name"),
                row("branch with a space", BASE + "  branch: a b", "repo.branch", "not a valid branch name"),
                row("branch climbing refs", BASE + "  branch: refs/../x", "repo.branch", "not a valid branch name"),
                row("branch ending .lock", BASE + "  branch: main.lock", "repo.branch", "not a valid branch name"),
                row("branch with a control character", BASE + "  branch: \"ma\\x1b[31min\"", "repo.branch", "\\x1b"),
                // the desired-state folder
                row("a path climbing out", BASE + "  path: ../../etc", "repo.path", "climbs out"),
                row("an absolute path", BASE + "  path: /etc", "repo.path", "absolute"),
                // the repository URL
                row("git's ext:: helper", "server: s1\nrepo:\n  url: 'ext::sh -c evil'", "repo.url", "remote helpers"),
                row("git's fd:: helper", "server: s1\nrepo:\n  url: 'fd::17'", "repo.url", "remote helpers"),
                row("another transport", "server: s1\nrepo:\n  url: 'gopher://example.com/r'", "repo.url", "not allowed"),
                row("a URL with a newline", "server: s1\nrepo:\n  url: \"https://example.com/r\\nx\"", "repo.url", "no spaces or control"),
                row("a local path that looks like an option", "server: s1\nrepo:\n  url: --upload-pack=evil", "repo.url", "starts with '-'"),
                // notification URLs carry their token: never quoted beyond scheme and host
                row("a notification URL with a space", BASE + "notifications: [{url: 'https://hooks.example.com/services/" + TOKEN + " x'}]",
                        "notifications[0].url", "not shown"),
                row("a notification URL over ftp", BASE + "notifications: [{url: 'ftp://hooks.example.com/" + TOKEN + "'}]",
                        "notifications[0].url", "not shown"),
                row("a notification URL without a host", BASE + "notifications: [{url: 'https:///" + TOKEN + "'}]",
                        "notifications[0].url", "with a host"),
                row("a notification URL with a password", BASE + "notifications: [{url: 'https://u:" + TOKEN + "@hooks.example.com/x'}]",
                        "notifications[0].url", "user info"),
                // nginx commands, the docker endpoint, files
                row("an empty command", BASE + "nginx: {test: []}", "nginx.test", "at least the program"),
                row("a command argument with a newline", BASE + "nginx: {reload: [nginx, \"-s\\nreload\"]}", "nginx.reload", "one line"),
                row("an empty command argument", BASE + "nginx: {reload: [nginx, '']}", "nginx.reload", "is empty"),
                row("a relative program", BASE + "nginx: {test: [bin/nginx, -t]}", "nginx.test", "absolute path or a bare name"),
                row("a command as a shell string", BASE + "nginx: {test: 'nginx -t; rm -rf /'}", "nginx.test", "expected a list"),
                row("a docker endpoint over ssh", BASE + "docker: {host: 'ssh://root@h'}", "docker.host", "expected unix"),
                row("a secrets file with a NUL", BASE + "secretsFile: \"/etc/s\\0x\"", "secretsFile", "not a usable path"),
                row("an empty work folder", BASE + "  workdir: ''", "repo.workdir", "expected a path"),
                // the file itself
                row("a wrong type", "server: s1\nrepo: [a]", "repo", "expected a mapping"),
                row("an unknown field", BASE + "debug: true", "debug", "unknown field"),
                row("a missing server", "repo: {url: /r}", "server", "required"),
                row("a duplicate key", BASE + "server: s2", "server", "duplicate field (first at line 1)"),
                row("a !!javax tag", "server: !!javax.script.ScriptEngineManager [x]\nrepo: {url: /r}", "", "Global tag is not allowed"),
                row("an alias bomb", aliasBomb(), "", "rejected"),
                Arguments.of("a file that is not UTF-8", new byte[] {'s', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'}, "", "not valid UTF-8"),
                Arguments.of("a huge file", ("# " + "x".repeat(100) + "\n").repeat(12_000).getBytes(StandardCharsets.UTF_8), "", "limit"));
    }

    private static Arguments row(String name, String yaml, String field, String words) {
        return Arguments.of(name, yaml.getBytes(StandardCharsets.UTF_8), field, words);
    }

    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0} is refused at {2}")
    @MethodSource("hostileConfigs")
    void aHostileConfigIsRefusedWithOneEscapedLineNamingTheField(String name, byte[] content, String field, String words)
            throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.write(f, content);
        InvalidHostConfig e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(InvalidHostConfig.class, () -> HostConfigLoader.load(f)));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field) && x.message().contains(words)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + field + "' problem saying '" + words + "' in " + e.problems()));
        assertTrue(p.toString().startsWith(f + ":") || p.field().isEmpty(), p.toString());
        for (Problem any : e.problems()) {
            String line = any.toString();
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "control character in: " + line);
            assertFalse(line.contains(TOKEN), "a secret is quoted in: " + line);
            assertTrue(line.length() < 400, "too long: " + line);
        }
    }

    @Test
    void theOptInsLetListenersAndAppsBeyondLoopback() throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, BASE + "exposure:\n  admin: true\n  probe: true\n  appBinds: [10.0.0.5, 0.0.0.0]\n"
                + "admin: {listen: 0.0.0.0:9470}\nnginx: {probe: 10.0.0.5:8099}\n");
        HostConfig c = HostConfigLoader.load(f);
        assertEquals(new HostConfig.Exposure(true, true, Set.of("10.0.0.5", "0.0.0.0")), c.exposure());
        assertTrue(c.policy().allowsBind("0.0.0.0"));
        assertTrue(c.policy().reservedPorts().containsKey(9470));
        assertTrue(c.policy().reservedPorts().containsKey(8099));
    }

    @Test
    void withoutAnExposureSectionNothingGoesBeyondLoopback() throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, BASE);
        assertEquals(HostConfig.Exposure.NONE, HostConfigLoader.load(f).exposure());
    }

    @Test
    void aSymlinkedConfigFileIsFine() throws Exception {
        Path real = tmp.resolve("real.yaml");
        Files.writeString(real, BASE);
        Path link = Files.createSymbolicLink(tmp.resolve("cutover.yaml"), real);
        assertEquals("s1", HostConfigLoader.load(link).server());
    }

    @Test
    void theAdminErrorSaysWhereAndHowToOptIn() throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, BASE + "nginx:\n  probe: 127.0.0.1:8099\nadmin:\n  tokenFile: t\n  listen: 0.0.0.0:9470\n");
        InvalidHostConfig e = assertThrows(InvalidHostConfig.class, () -> HostConfigLoader.load(f));
        assertEquals(f + ":8: admin.listen: 0.0.0.0 is not a loopback address; set exposure.admin: true to listen beyond loopback",
                e.problems().get(0).toString());
    }
}

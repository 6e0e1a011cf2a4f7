package dev.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void theExampleConfigForARealServerLoads() throws Exception {
        HostConfig c = HostConfigLoader.load(Path.of("../ops/systemd/cutover.example.yaml"));
        assertEquals("web-1", c.server());
        assertEquals(Duration.ofSeconds(30), c.repo().interval());
        assertEquals(List.of("nginx", "-t", "-q"), c.nginx().test());
        assertEquals(HostConfig.Notification.Format.SLACK, c.notifications().get(0).format());
        assertEquals(Path.of("/etc/cutover/admin-token"), c.admin().tokenFile().orElseThrow());
    }

    @Test
    void defaultsApplyAndRelativePathsResolveAgainstTheFile() throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, "server: s1\nrepo:\n  url: ../repo\n  workdir: clone\n");
        HostConfig c = HostConfigLoader.load(f);
        assertEquals(tmp.getParent().resolve("repo").toString(), c.repo().url());
        assertEquals(tmp.resolve("clone"), c.repo().workdir());
        assertEquals("main", c.repo().branch());
        assertEquals("127.0.0.1:9470", c.admin().listen());
        assertEquals(List.of("nginx", "-s", "reload"), c.nginx().reload());
        assertEquals(4, c.deploy().parallelism());
    }

    @Test
    void deployParallelismIsReadFromTheFile() throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, "server: s1\nrepo: {url: /r}\ndeploy:\n  parallelism: 16\n");
        assertEquals(16, HostConfigLoader.load(f).deploy().parallelism());
    }

    @Test
    void aPrometheusIsNamedOnlyByTheHostConfigAndLetsAppsJudgeBakesWithAQuery() throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, "server: s1\nrepo: {url: /r}\n");
        assertEquals(Optional.empty(), HostConfigLoader.load(f).prometheus());
        assertFalse(HostConfigLoader.load(f).policy().prometheus());
        Files.writeString(f, "server: s1\nrepo: {url: /r}\nprometheus: {url: 'http://127.0.0.1:9090'}\n");
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9090")), HostConfigLoader.load(f).prometheus());
        assertTrue(HostConfigLoader.load(f).policy().prometheus());
    }

    @ParameterizedTest(name = "{0} is reported at line {1} as {2}")
    @CsvSource(delimiter = '|', value = {
            "server: s1\\nrepo: {url: /r}\\nadmin: {listen: '0.0.0.0'}|3|admin.listen|expected an address",
            "server: s1\\nrepo: {url: /r}\\nnginx: {reload: 'nginx -s reload'}|3|nginx.reload|expected a list",
            "server: s1\\nrepo: {url: /r}\\nnotifications: [{url: 'ftp://x', format: slack}]|3|notifications[0].url|http(s) URL",
            "server: s1\\nrepo: {url: /r}\\nnotifications: [{url: 'https://x', format: teams}]|3|notifications[0].format|generic, slack or discord",
            "server: 'a b'\\nrepo: {url: /r}|1|server|not a valid server name",
            "server: s1|1|repo|required",
            "server: s1\\nrepo: {url: /r}\\ndeploy: {parallelism: 0}|3|deploy.parallelism|expected 1 to 16 apps",
            "server: s1\\nrepo: {url: /r}\\ndeploy:\\n  parallelism: 17|4|deploy.parallelism|expected 1 to 16 apps deploying at once, found 17",
            "server: s1\\nrepo: {url: /r}\\ndeploy: {parallelism: four}|3|deploy.parallelism|expected a whole number",
            "server: s1\\nrepo: {url: /r}\\ndeploy: {paralelism: 2}|3|deploy.paralelism|unknown",
            "server: s1\\nrepo: {url: /r}\\nprometheus: {url: 'file:///etc/passwd'}|3|prometheus.url|expected an http(s) URL of a Prometheus",
            "server: s1\\nrepo: {url: /r}\\nprometheus: {url: 'http://admin:pw@prom:9090'}|3|prometheus.url|no user info",
            "server: s1\\nrepo: {url: /r}\\nprometheus: {url: 'http://prom:9090/?x=1'}|3|prometheus.url|no user info, query or fragment",
            "server: s1\\nrepo: {url: /r}\\nprometheus: 'http://prom:9090'|3|prometheus|expected a mapping"})
    void mistakesNameTheirFieldAndLine(String yaml, int line, String field, String words) throws Exception {
        Path f = tmp.resolve("cutover.yaml");
        Files.writeString(f, yaml.replace("\\n", "\n"));
        InvalidHostConfig e = assertThrows(InvalidHostConfig.class, () -> HostConfigLoader.load(f));
        var p = e.problems().stream().filter(x -> x.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError(e.problems().toString()));
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.message().contains(words), p.toString());
    }
}

package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DesiredStateLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void theWorkedExampleInTheRepositoryIsValid() throws Exception {
        DesiredStateLoader.Summary s = DesiredStateLoader.validateAll(Path.of("../desired-state"));
        assertTrue(s.apps() >= 1 && s.servers() >= 1, s.toString());
    }

    @Test
    void aMinimalAppGetsDocumentedDefaults() throws Exception {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP).server("s1", "apps:\n  web:\n    tag: v2\n");
        DesiredState state = DesiredStateLoader.loadServer(tmp, "s1");
        AppSpec web = state.app("web").orElseThrow().spec();
        assertEquals("127.0.0.1:5000/cutover-demo:v2", state.app("web").get().imageRef());
        assertEquals("127.0.0.1", web.bind());
        assertEquals("web", web.upstream());
        assertEquals(Duration.ofSeconds(30), web.drainTimeout());
        assertEquals(3, web.keepImages());
        assertEquals(new HealthCheck("/api/ping", Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(60), 3, Duration.ZERO), web.health());
    }

    @Test
    void aBakeIsADurationAloneOrAMappingOfItsSettingsWithDefaultsForTheRest() throws Exception {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP).app("api", DesiredStateFolder.WEB_APP
                .replace("4000", "5000").replace("4001", "5001") + "bake: {duration: 2m, errorPercent: 1, latencyFactor: 0}\n")
                .app("off", DesiredStateFolder.WEB_APP.replace("4000", "6000").replace("4001", "6001") + "bake: 0s\n")
                .server("s1", "apps:\n  web: {tag: v1}\n  api: {tag: v1}\n  off: {tag: v1}\n");
        DesiredState state = DesiredStateLoader.loadServer(tmp, "s1");
        assertEquals(Bake.DEFAULT, state.app("web").get().spec().bake());
        assertEquals(new Bake(Duration.ofMinutes(2), 1, 3, Duration.ofSeconds(10), 0, 20), state.app("api").get().spec().bake());
        assertTrue(!state.app("off").get().spec().bake().enabled());
    }

    @Test
    void aCanaryStrategyReadsItsStepsAndAClosing100IsTheSwitchItself() throws Exception {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP + "strategy: canary\ncanary:\n  steps: [10, 50, 100]\n"
                + "  stepDuration: 1m\n  hashKey: $cookie_session\n").server("s1", "apps:\n  web: {tag: v1}\n");
        Canary c = DesiredStateLoader.loadServer(tmp, "s1").app("web").get().spec().bake().canary().orElseThrow();
        assertEquals(new Canary(List.of(10, 50), Duration.ofMinutes(1), Optional.of("$cookie_session")), c);
    }

    @Test
    void perServerOverridesReplaceSlotsAndMergeEnv() throws Exception {
        new DesiredStateFolder(tmp)
                .app("web", DesiredStateFolder.WEB_APP + "env:\n  A: one\n  B: two\n")
                .server("s1", "apps:\n  web:\n    tag: v2\n    slots: {blue: 5000, green: 5001}\n    env: {B: three}\n");
        AppSpec web = DesiredStateLoader.loadServer(tmp, "s1").app("web").orElseThrow().spec();
        assertEquals(5000, web.bluePort());
        assertEquals(5001, web.greenPort());
        assertEquals(Map.of("A", "one", "B", "three"), web.env());
    }

    @Test
    void aServerViewLoadsOnlyTheAppsItNames() throws Exception {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP).app("broken", "image: [")
                .server("s1", "apps:\n  web:\n    tag: v1\n");
        assertEquals(1, DesiredStateLoader.loadServer(tmp, "s1").apps().size());
        assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.validateAll(tmp));
    }

    /** Each row: app file, server file, then the one problem expected (file, line, field, words in the message). */
    static Stream<Arguments> invalidFiles() {
        String app = DesiredStateFolder.WEB_APP;
        String server = "apps:\n  web:\n    tag: v1\n";
        return Stream.of(
                Arguments.of("unknown field", app + "replica: 3\n", server, "apps/web.yaml", 8, "replica", "unknown field"),
                Arguments.of("replicas whose ports overlap", app + "replicas: 3\n", server, "apps/web.yaml", 8, "replicas",
                        "3 replicas take ports 4000–4002 (blue) and 4001–4003 (green): they overlap; put the slots at least 3 apart"),
                Arguments.of("more than 16 replicas", app + "replicas: 40\n", server, "apps/web.yaml", 8, "replicas", "between 1 and 16"),
                Arguments.of("replica ports past 65535", app.replace("blue: 4000", "blue: 65530").replace("green: 4001", "green: 65520")
                        + "replicas: 8\n", server, "apps/web.yaml", 8, "replicas", "would need port 65537"),
                Arguments.of("replicas with a canary", app.replace("green: 4001", "green: 4010") + "replicas: 2\nstrategy: canary\n"
                        + "canary: {steps: [10]}\n", server, "apps/web.yaml", 8, "replicas", "use strategy: bluegreen with replicas"),
                Arguments.of("a replica port used by another app", app.replace("green: 4001", "green: 4010") + "replicas: 3\n",
                        "apps:\n  web:\n    tag: v1\n  api:\n    tag: v1\n    slots: {blue: 4002, green: 4020}\n", "servers/s1.yaml", 4,
                        "apps.api.slots", "host port 4002 of api (blue) is already used by web (blue)"),
                Arguments.of("unknown nested field", app.replace("  path: /api/ping", "  path: /api/ping\n  retries: 2"), server, "apps/web.yaml", 8, "health.retries", "unknown field"),
                Arguments.of("wrong type", app.replace("port: 3000", "port: three"), server, "apps/web.yaml", 2, "port", "whole number"),
                Arguments.of("list where a mapping belongs", app.replace("slots:\n  blue: 4000\n  green: 4001", "slots: [4000, 4001]"), server, "apps/web.yaml", 3, "slots", "mapping"),
                Arguments.of("missing required field", app.replace("port: 3000\n", ""), server, "apps/web.yaml", 1, "port", "required"),
                Arguments.of("image with a tag", app.replace("cutover-demo", "cutover-demo:v1"), server, "apps/web.yaml", 1, "image", "tag belongs"),
                Arguments.of("image with upper case", app.replace("cutover-demo", "Cutover-Demo"), server, "apps/web.yaml", 1, "image", "not a valid image"),
                Arguments.of("image with shell characters", app.replace("cutover-demo", "demo$(reboot)"), server, "apps/web.yaml", 1, "image", "not a valid image"),
                Arguments.of("invalid tag", app, "apps:\n  web:\n    tag: v1;rm\n", "servers/s1.yaml", 3, "apps.web.tag", "not a valid image tag"),
                Arguments.of("port out of range", app.replace("port: 3000", "port: 70000"), server, "apps/web.yaml", 2, "port", "between 1 and 65535"),
                Arguments.of("slot port zero", app.replace("blue: 4000", "blue: 0"), server, "apps/web.yaml", 4, "slots.blue", "between 1 and 65535"),
                Arguments.of("blue equals green", app.replace("green: 4001", "green: 4000"), server, "apps/web.yaml", 5, "slots.green", "different host ports"),
                Arguments.of("port used twice on one server", app, "apps:\n  web:\n    tag: v1\n  api:\n    tag: v1\n", "servers/s1.yaml", 4, "apps.api.slots", "already used by web"),
                Arguments.of("server names an app with no file", app, "apps:\n  web:\n    tag: v1\n  db:\n    tag: v1\n", "servers/s1.yaml", 4, "apps.db", "no apps/db.yaml"),
                Arguments.of("app name unsafe for a container", app, "apps:\n  ../web:\n    tag: v1\n", "servers/s1.yaml", 2, "apps.../web", "not a valid app name"),
                Arguments.of("upstream that would escape nginx config", app + "upstream: \"app; } server {\"\n", server, "apps/web.yaml", 8, "upstream", "not a valid nginx upstream"),
                Arguments.of("env value with a newline", app + "env:\n  A: \"one\\ntwo\"\n", server, "apps/web.yaml", 9, "env.A", "one line"),
                Arguments.of("env name with a space", app + "env:\n  \"A B\": x\n", server, "apps/web.yaml", 9, "env.A B", "environment variable name"),
                Arguments.of("secret also in env", app + "env:\n  DB: x\nsecrets: [DB]\n", server, "apps/web.yaml", 10, "secrets", "both a secret"),
                Arguments.of("bad duration", app.replace("  path: /api/ping", "  path: /api/ping\n  deadline: soon"), server, "apps/web.yaml", 8, "health.deadline", "duration"),
                Arguments.of("deadline within the settle window", app.replace("  path: /api/ping", "  path: /api/ping\n  settle: 5s\n  deadline: 5s"), server, "apps/web.yaml", 9, "health.deadline", "no time after the settle window"),
                Arguments.of("health path with a quote", app.replace("/api/ping", "/api/\"ping"), server, "apps/web.yaml", 7, "health.path", "HTTP path"),
                Arguments.of("duplicate key", app + "port: 3001\n", server, "apps/web.yaml", 8, "port", "duplicate"),
                Arguments.of("custom tag", app + "keepImages: !!javax.script.ScriptEngineManager [x]\n", server, "apps/web.yaml", 8, "", "Global tag is not allowed"),
                Arguments.of("bad bind address", app + "bind: \"0.0.0.0; rm\"\n", server, "apps/web.yaml", 8, "bind", "IPv4"),
                Arguments.of("server file without apps", app, "web: {tag: v1}\n", "servers/s1.yaml", 1, "web", "unknown field"),
                Arguments.of("bake that is not a duration", app + "bake: soon\n", server, "apps/web.yaml", 8, "bake", "duration"),
                Arguments.of("bake longer than an hour", app + "bake: 2h\n", server, "apps/web.yaml", 8, "bake", "between 0ms and 60m"),
                Arguments.of("unknown bake field", app + "bake:\n  duration: 30s\n  errorRate: 5\n", server, "apps/web.yaml", 10, "bake.errorRate", "unknown field"),
                Arguments.of("bake error share over 100", app + "bake:\n  errorPercent: 150\n", server, "apps/web.yaml", 9, "bake.errorPercent", "between 0 and 100"),
                Arguments.of("bake window below a second", app + "bake: {window: 10ms}\n", server, "apps/web.yaml", 8, "bake.window", "between 1s and 10m"),
                Arguments.of("bake minimum errors of zero", app + "bake: {minErrors: 0}\n", server, "apps/web.yaml", 8, "bake.minErrors", "between 1 and"),
                Arguments.of("unknown strategy", app + "strategy: rolling\n", server, "apps/web.yaml", 8, "strategy", "bluegreen or canary"),
                Arguments.of("canary without its steps", app + "strategy: canary\n", server, "apps/web.yaml", 1, "canary", "required"),
                Arguments.of("canary steps that shrink", app + "strategy: canary\ncanary: {steps: [50, 10]}\n", server, "apps/web.yaml", 9, "canary.steps", "must grow"),
                Arguments.of("canary step over 99", app + "strategy: canary\ncanary: {steps: [10, 150]}\n", server, "apps/web.yaml", 9, "canary.steps", "between 1 and 99"),
                Arguments.of("canary hash key that is not one variable", app + "strategy: canary\ncanary: {steps: [10], hashKey: \"$x; include /etc\"}\n", server, "apps/web.yaml", 9, "canary.hashKey", "one nginx variable"),
                Arguments.of("canary section without the strategy", app + "canary: {steps: [10]}\n", server, "apps/web.yaml", 8, "canary", "only used with strategy: canary"),
                Arguments.of("keepalive over 1024", app + "keepalive: 5000\n", server, "apps/web.yaml", 8, "keepalive", "between 0 and 1024"),
                Arguments.of("keepalive that is not a number", app + "keepalive: yes\n", server, "apps/web.yaml", 8, "keepalive", "whole number"),
                Arguments.of("tag missing", app, "apps:\n  web: {slots: {blue: 5000, green: 5001}}\n", "servers/s1.yaml", 2, "apps.web.tag", "required"));
    }

    @ParameterizedTest(name = "{0} is reported with its file, line and field")
    @MethodSource("invalidFiles")
    void eachKindOfMistakeIsReportedWithFileLineAndField(String name, String app, String server,
                                                          String file, int line, String field, String words) {
        new DesiredStateFolder(tmp).app("web", app).app("api", DesiredStateFolder.WEB_APP).server("s1", server);
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "s1"));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for field " + field + " in " + e.problems()));
        assertEquals(file, p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.message().contains(words), p.toString());
    }

    @Test
    void everyProblemInAFileIsReportedNotOnlyTheFirst() {
        new DesiredStateFolder(tmp).app("web", """
                image: Bad Image
                port: 0
                slots: {blue: 4000, green: 4000}
                colour: red
                health: {timeout: forever, successes: 0}
                """).server("s1", "apps:\n  web:\n    tag: \"v 1\"\n  db:\n    tag: v1\n");
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.validateAll(tmp));
        List<String> fields = e.problems().stream().map(Problem::field).toList();
        assertTrue(fields.containsAll(List.of("image", "port", "slots.green", "colour", "health.timeout",
                "health.successes", "apps.web.tag", "apps.db")), fields.toString());
    }

    @Test
    void badlyNamedFilesAreProblems() {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP).write("apps/Web App.yaml", "x: 1")
                .write("servers/s1.yml", "apps: {}");
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.validateAll(tmp));
        assertEquals(2, e.problems().size(), e.problems().toString());
    }

    @Test
    void anUnknownServerIsAClearError() {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP);
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "nope"));
        assertEquals("servers/nope.yaml: no such file: this server has no desired state", e.problems().get(0).toString());
    }
}

package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.common.ContainerOptions;
import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The container options of an app file: what each one reads as, and each mistake with its file, line and field. */
class ContainerOptionsTest {
    private static final String APP = DesiredStateFolder.WEB_APP;
    /** The first line after the base app file. */
    private static final int LINE = 8;
    static final HostPolicy DATA_AND_BACKEND = new HostPolicy(Set.of(), Map.of(), List.of("/srv/data"), Set.of("backend", "cache"));

    @TempDir
    Path tmp;

    private ContainerOptions load(String extra, HostPolicy policy) throws InvalidDesiredState {
        new DesiredStateFolder(tmp).app("web", APP + extra).server("s1", "apps:\n  web:\n    tag: v1\n");
        return DesiredStateLoader.loadServer(tmp, ".", "s1", policy).app("web").orElseThrow().spec().container();
    }

    @Test
    void anAppWithoutOptionsGetsTheImageAndEngineDefaults() throws Exception {
        assertEquals(ContainerOptions.NONE, load("", HostPolicy.LOOPBACK_ONLY));
    }

    @Test
    void everyOptionIsReadAsWritten() throws Exception {
        ContainerOptions o = load("""
                command: [serve, --port, "3000"]
                entrypoint: [/bin/sh, -c]
                volumes: ["data:/var/lib/app", "/srv/data/./uploads//:/uploads:ro", "cache:/cache:rw"]
                networks: [backend, cache]
                memory: 512m
                cpus: 0.5
                user: "1000:1000"
                labels: {team: web, com.example.tier: front}
                logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}
                extraHosts: ["db.internal:10.0.0.5"]
                readOnly: true
                tmpfs: [/tmp, "/run:size=64m"]
                """, DATA_AND_BACKEND);
        assertEquals(List.of("serve", "--port", "3000"), o.command());
        assertEquals(List.of("/bin/sh", "-c"), o.entrypoint());
        assertEquals(List.of(new ContainerOptions.Mount("cutover-data", "/var/lib/app", false, Optional.empty()),
                new ContainerOptions.Mount("/srv/data/uploads", "/uploads", true, Optional.of("/srv/data")),
                new ContainerOptions.Mount("cutover-cache", "/cache", false, Optional.empty())), o.volumes());
        assertEquals(List.of("backend", "cache"), o.networks());
        assertEquals(512L * 1024 * 1024, o.memoryBytes());
        assertEquals(500_000_000L, o.nanoCpus());
        assertEquals("1000:1000", o.user());
        assertEquals(Map.of("team", "web", "com.example.tier", "front"), o.labels());
        assertEquals(Optional.of(new ContainerOptions.Logging("json-file", Map.of("max-size", "10m", "max-file", "3"))), o.logging());
        assertEquals(List.of("db.internal:10.0.0.5"), o.extraHosts());
        assertTrue(o.readOnly());
        assertEquals(List.of(new ContainerOptions.Tmpfs("/tmp", 0), new ContainerOptions.Tmpfs("/run", 64L * 1024 * 1024)), o.tmpfs());
    }

    /** Each row: the lines added to a valid app file, then the one problem expected (line, field, words in the message). */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("command as a shell string", "command: npm start\n", LINE, "command", "a single string would need a shell"),
                arguments("empty entrypoint", "entrypoint: []\n", LINE, "entrypoint", "an empty list"),
                arguments("argument with a NUL", "command: [\"a\\0b\"]\n", LINE, "command", "NUL"),
                arguments("101 arguments", "command: [" + "x, ".repeat(100) + "x]\n", LINE, "command", "101 items; the limit is 100"),
                arguments("volume without a target", "volumes: [data]\n", LINE, "volumes", "expected name:/path"),
                arguments("volume with a propagation mode", "volumes: [\"/srv/data/x:/x:rshared\"]\n", LINE, "volumes", "expected name:/path"),
                arguments("volume with a relative target", "volumes: [\"data:var/lib\"]\n", LINE, "volumes", "must be an absolute path"),
                arguments("volume over the container's root", "volumes: [\"data:/\"]\n", LINE, "volumes", "container's root"),
                arguments("volume with an upper-case name", "volumes: [\"Data:/data\"]\n", LINE, "volumes", "not a valid volume name"),
                arguments("relative bind source", "volumes: [\"./data:/data\"]\n", LINE, "volumes", "needs an absolute host path"),
                arguments("home bind source", "volumes: [\"~/data:/data\"]\n", LINE, "volumes", "needs an absolute host path"),
                arguments("two mounts on one target", "volumes: [\"a:/data\", \"b:/data/\"]\n", LINE, "volumes", "/data is mounted on twice"),
                arguments("tmpfs on a volume's target", "volumes: [\"a:/data\"]\ntmpfs: [/data]\n", LINE + 1, "tmpfs", "mounted on twice"),
                arguments("tmpfs with other options", "tmpfs: [\"/tmp:exec\"]\n", LINE, "tmpfs", "expected /path or /path:size=64m"),
                arguments("tmpfs too large", "tmpfs: [\"/tmp:size=64g\"]\n", LINE, "tmpfs", "between 1m and 16g"),
                arguments("network not allowed", "networks: [frontend]\n", LINE, "networks", "network frontend is not allowed on this host; the host config must list it (allow.networks)"),
                arguments("network twice", "networks: [backend, backend]\n", LINE, "networks", "listed twice"),
                arguments("network with a space", "networks: [\"a b\"]\n", LINE, "networks", "not a valid network name"),
                arguments("memory without a unit", "memory: 512\n", LINE, "memory", "expected an amount with a unit"),
                arguments("memory below Docker's minimum", "memory: 4m\n", LINE, "memory", "between 6m and 1024g"),
                arguments("memory as a float", "memory: 0.5g\n", LINE, "memory", "like 512m"),
                arguments("no CPUs", "cpus: 0\n", LINE, "cpus", "between 0.01 and 1024"),
                arguments("CPUs as text", "cpus: half\n", LINE, "cpus", "between 0.01 and 1024"),
                arguments("user with a shell tail", "user: \"app; reboot\"\n", LINE, "user", "expected a user name or id"),
                arguments("label with Cutover's prefix", "labels: {dev.cutover.app: other}\n", LINE, "labels.dev.cutover.app", "the dev.cutover. prefix is Cutover's own"),
                arguments("label with Cutover's prefix in upper case", "labels: {DEV.Cutover.managed: \"false\"}\n", LINE, "labels.DEV.Cutover.managed", "Cutover's own"),
                arguments("label with a newline", "labels: {a: \"x\\ny\"}\n", LINE, "labels.a", "one line"),
                arguments("label with a space in its name", "labels: {\"a b\": x}\n", LINE, "labels.a b", "not a valid label name"),
                arguments("log driver not offered", "logging: {driver: fluentd}\n", LINE, "logging.driver", "expected one of json-file, local, journald, syslog, none"),
                arguments("log driver missing", "logging: {options: {max-size: 1m}}\n", LINE, "logging.driver", "required"),
                arguments("options for the none driver", "logging: {driver: none, options: {a: b}}\n", LINE, "logging.options", "takes no options"),
                arguments("unknown logging field", "logging: {driver: local, tag: x}\n", LINE, "logging.tag", "unknown field"),
                arguments("extra host without an address", "extraHosts: [db]\n", LINE, "extraHosts", "expected name:ipv4"),
                arguments("extra host with IPv6", "extraHosts: [\"db:::1\"]\n", LINE, "extraHosts", "expected name:ipv4"),
                arguments("extra host twice", "extraHosts: [\"db:10.0.0.1\", \"db:10.0.0.2\"]\n", LINE, "extraHosts", "listed twice"),
                arguments("readOnly as yes", "readOnly: yes\n", LINE, "readOnly", "expected true or false"),
                arguments("privileged", "privileged: true\n", LINE, "privileged", "unknown field"),
                arguments("capabilities", "capAdd: [SYS_ADMIN]\n", LINE, "capAdd", "unknown field"),
                arguments("devices", "devices: [/dev/sda]\n", LINE, "devices", "unknown field"),
                arguments("pid mode", "pid: host\n", LINE, "pid", "unknown field"));
    }

    @ParameterizedTest(name = "{0} is reported with its line and field")
    @MethodSource("mistakes")
    void eachMistakeInAnOptionIsReportedWithItsLineAndField(String name, String extra, int line, String field, String words) {
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> load(extra, DATA_AND_BACKEND));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field) && x.message().contains(words)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + field + "' problem saying '" + words + "' in " + e.problems()));
        assertEquals("apps/web.yaml", p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
    }
}

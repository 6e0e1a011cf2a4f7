package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whoever can push to the desired-state repository is less trusted than the host. Each row
 * is a commit written to hurt: the loader must refuse it within seconds, name the file, line
 * and field, quote at most a short escaped excerpt of any value, and never show a byte of a
 * file outside the checkout.
 */
class HostileDesiredStateTest {
    private static final Duration QUICKLY = Duration.ofSeconds(5);
    /** Any line above 0: the exact line is not the point of the row. */
    private static final int SOME_LINE = -1;
    private static final String APP = DesiredStateFolder.WEB_APP;
    private static final String SERVER = Hostile.SERVER;
    private static final String TWO_APPS = "apps:\n  web:\n    tag: v1\n  api:\n    tag: v1\n";
    private static final HostPolicy ADMIN_ON_4000 = new HostPolicy(Set.of(), Map.of(4000, "the admin listener (admin.listen)"));
    private static final HostPolicy PUBLIC_ALLOWED = new HostPolicy(Set.of("0.0.0.0"), Map.of());

    @TempDir
    Path tmp;

    /** Prepares one hostile checkout. */
    interface Setup {
        void on(Hostile h) throws Exception;
    }

    private static Arguments row(String name, Setup setup, String file, int line, String field, String words) {
        return arguments(name, setup, file, line, field, words);
    }

    private static String big(int n) {
        return "a".repeat(n);
    }

    static Stream<Arguments> hostileCommits() {
        return Stream.of(
                // Links and special files: line 0, since such a file has no lines.
                row("app file linked to a secret outside", h -> h.link("apps/web.yaml", h.outside.resolve("secret.txt")), "apps/web.yaml", 0, "", "not a regular file (symbolic link); refused"),
                row("server file linked to a secret outside", h -> h.link("servers/s1.yaml", h.outside.resolve("secret.txt")), "servers/s1.yaml", 0, "", "(symbolic link)"),
                row("apps folder linked outside", h -> h.link("apps", h.outside.resolve("apps")), "apps", 0, "", "(symbolic link)"),
                row("servers folder linked outside", h -> h.link("servers", h.outside.resolve("desired/servers")), "servers", 0, "", "(symbolic link)"),
                row("subfolder linked outside", h -> h.link("apps/sub", h.outside), "apps/sub", 0, "", "(symbolic link)"),
                row("link inside a subfolder", h -> h.link("apps/sub/deeper/x.yaml", h.outside.resolve("secret.txt")), "apps/sub/deeper/x.yaml", 0, "", "(symbolic link)"),
                row("dangling link", h -> h.link("apps/gone.yaml", h.outside.resolve("nothing-here")), "apps/gone.yaml", 0, "", "(symbolic link)"),
                row("link to a shadow-like file", h -> h.link("apps/web.yaml", h.outside.resolve("shadow")), "apps/web.yaml", 0, "", "(symbolic link)"),
                row("link to /dev/zero", h -> h.link("apps/web.yaml", Path.of("/dev/zero")), "apps/web.yaml", 0, "", "(symbolic link)"),
                row("relative link climbing out", h -> h.link("apps/web.yaml", Path.of("../../../outside/secret.txt")), "apps/web.yaml", 0, "", "(symbolic link)"),
                row("link staying inside the checkout", h -> h.write("apps/real.yaml", APP).link("apps/web.yaml", Path.of("real.yaml")), "apps/web.yaml", 0, "", "(symbolic link)"),
                row("link no server names", h -> h.link("apps/notes", h.outside.resolve("secret.txt")), "apps/notes", 0, "", "(symbolic link)"),
                row("link at the folder's top", h -> h.link("README", h.outside.resolve("secret.txt")), "README", 0, "", "(symbolic link)"),
                row("FIFO as the app file", h -> h.fifo("apps/web.yaml"), "apps/web.yaml", 0, "", "not a regular file (FIFO); refused"),
                row("FIFO in a subfolder", h -> h.fifo("apps/sub/pipe"), "apps/sub/pipe", 0, "", "(FIFO)"),
                row("FIFO as another server's file", h -> h.fifo("servers/other.yaml"), "servers/other.yaml", 0, "", "(FIFO)"),
                row("socket in apps", h -> h.socket("apps/web.sock"), "apps/web.sock", 0, "", "(socket)"),
                row("repo.path climbing out", h -> h.folder = "../outside/desired", "../outside/desired", 0, "", "'..' is not allowed"),
                row("repo.path ../../etc", h -> h.folder = "../../etc", "../../etc", 0, "", "must stay inside the checkout"),
                row("repo.path absolute", h -> h.folder = h.outside.resolve("desired").toString(), "repo.path", 0, "", "not an absolute path"),
                row("repo.path through a linked parent", h -> {
                    Files.createSymbolicLink(h.checkout.resolve("link"), h.outside);
                    h.folder = "link/desired";
                }, "link/desired", 0, "", "'link' is not a folder (symbolic link); refused"),
                row("repo.path itself a link", h -> {
                    Files.createSymbolicLink(h.checkout.resolve("ds"), h.outside.resolve("desired"));
                    h.folder = "ds";
                }, "ds", 0, "", "(symbolic link); refused"),
                // Bytes that are not text, or text that would paint a terminal.
                row("Latin-1 byte", h -> h.bytes("apps/web.yaml", (APP + "env:\n  A: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1)), "apps/web.yaml", 9, "", "not valid UTF-8 (byte offset 119)"),
                row("NUL byte", h -> h.app(APP + "env:\n  A: x\u0000y\n"), "apps/web.yaml", 9, "", "U+0000 is not allowed"),
                row("raw ANSI escape", h -> h.app(APP + "env:\n  A: \u001b[2Jx\n"), "apps/web.yaml", 9, "", "U+001B is not allowed"),
                row("ANSI escape in a value", h -> h.app(APP.replace("127.0.0.1:5000/cutover-demo", "\"\\e[31mred\\e[0m\"")), "apps/web.yaml", 1, "image", "'\\x1b[31mred\\x1b[0m' is not a valid image"),
                row("ANSI escape in a key", h -> h.app(APP + "\"\\e[2Jreplicas\": 3\n"), "apps/web.yaml", 8, "\\x1b[2Jreplicas", "unknown field"),
                row("ANSI escape in a file name", h -> { h.write("apps/\u001b[31mweb.yaml", APP); h.all = true; }, "apps/\\x1b[31mweb.yaml", 0, "", "file name must be a valid name"),
                row("bidi override in a tag", h -> h.server("apps:\n  web:\n    tag: \"v1\\u202Egnp.exe\"\n"), "servers/s1.yaml", 3, "apps.web.tag", "'v1\\u202egnp.exe' is not a valid image tag"),
                row("bidi isolate in a file name", h -> { h.write("apps/web\u2066x.yaml", APP); h.all = true; }, "apps/web\\u2066x.yaml", 0, "", "file name must be a valid name"),
                row("C1 control in a value", h -> h.app(APP + "upstream: \"a\\x9bb\"\n"), "apps/web.yaml", 8, "upstream", "'a\\x9bb' is not a valid nginx upstream"),
                row("DEL in a key", h -> h.app(APP + "\"x\\x7fy\": 1\n"), "apps/web.yaml", 8, "x\\x7fy", "unknown field"),
                row("tab in a tag", h -> h.server("apps:\n  web:\n    tag: \"v1\\tx\"\n"), "servers/s1.yaml", 3, "apps.web.tag", "'v1\\x09x'"),
                // Sizes.
                row("100 KB image", h -> h.app(APP.replace("127.0.0.1:5000/cutover-demo", big(100_000))), "apps/web.yaml", 1, "image", "longer than 255"),
                row("100 KB key", h -> h.app(APP + "? " + big(100_000) + "\n: 1\n"), "apps/web.yaml", 8, "aaaa", "unknown field"),
                row("100 KB tag", h -> h.server("apps:\n  web:\n    tag: " + big(100_000) + "\n"), "servers/s1.yaml", 3, "apps.web.tag", "…(100000 chars)' is not a valid image tag"),
                row("100 KB health path", h -> h.app(APP.replace("/api/ping", "/" + big(100_000))), "apps/web.yaml", 7, "health.path", "…(100001 chars)"),
                row("10k env entries", h -> {
                    StringBuilder b = new StringBuilder(APP + "env:\n");
                    for (int i = 0; i < 10_000; i++) {
                        b.append("  V").append(i).append(": x\n");
                    }
                    h.app(b.toString());
                }, "apps/web.yaml", 9, "env", "10000 variables; the limit is 1000"),
                row("deep nesting", h -> h.app("image: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"), "apps/web.yaml", SOME_LINE, "", "Nesting Depth"),
                row("alias bomb", h -> h.app(aliasBomb()), "apps/web.yaml", SOME_LINE, "", "aliases"),
                row("2 MB file", h -> h.app(APP + "# " + big(2 * 1024 * 1024) + "\n"), "apps/web.yaml", 0, "", "the limit is 1048576"),
                // YAML features nobody needs here.
                row("Java type tag", h -> h.app(APP + "env: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n"), "apps/web.yaml", 8, "", "Global tag is not allowed"),
                row("local tag", h -> h.app(APP.replace("port: 3000", "port: !x 3000")), "apps/web.yaml", 2, "port", "tag !x is not allowed"),
                row("two documents", h -> h.app(APP + "---\nimage: other\n"), "apps/web.yaml", 8, "", "expected a single document"),
                row("duplicate key", h -> h.app(APP + "image: evil.example/x\n"), "apps/web.yaml", 8, "image", "duplicate field (first at line 1)"),
                row("empty file", h -> h.app(""), "apps/web.yaml", 0, "", "file is empty"),
                row("file that is one string", h -> h.app("just a string\n"), "apps/web.yaml", 1, "", "expected a mapping of fields, found 'just a string'"),
                row("list where a value belongs", h -> h.app(APP.replace("127.0.0.1:5000/cutover-demo", "[a, b]")), "apps/web.yaml", 1, "image", "expected a value, found a list"),
                row("null value", h -> h.app(APP.replace(" 127.0.0.1:5000/cutover-demo", "")), "apps/web.yaml", 1, "image", "found nothing (null)"),
                row("mapping where a list belongs", h -> h.app(APP + "secrets: {A: 1}\n"), "apps/web.yaml", 8, "secrets", "expected a list"),
                row("scalar where a mapping belongs", h -> h.app(APP.replace("slots:\n  blue: 4000\n  green: 4001", "slots: 4000")), "apps/web.yaml", 3, "slots", "expected a mapping"),
                row("unknown field", h -> h.app(APP + "privileged: true\n"), "apps/web.yaml", 8, "privileged", "unknown field"),
                row("unknown field in a server entry", h -> h.server(SERVER + "    volumes: [\"/:/host\"]\n"), "servers/s1.yaml", 4, "apps.web.volumes", "unknown field"),
                // Numbers YAML 1.1 reads differently from what a reviewer sees.
                row("octal port", h -> h.app(APP.replace("port: 3000", "port: 05670")), "apps/web.yaml", 2, "port", "'05670' is read by YAML 1.1 as an octal number; write a plain decimal number like 5670"),
                row("octal-looking 09", h -> h.app(APP.replace("blue: 4000", "blue: 09")), "apps/web.yaml", 4, "slots.blue", "octal"),
                row("hex port", h -> h.app(APP.replace("port: 3000", "port: 0x1F")), "apps/web.yaml", 2, "port", "hexadecimal"),
                row("0o port", h -> h.app(APP.replace("port: 3000", "port: 0o17")), "apps/web.yaml", 2, "port", "'0o17' is a hexadecimal, octal or binary number"),
                row("binary port", h -> h.app(APP.replace("port: 3000", "port: 0b101")), "apps/web.yaml", 2, "port", "binary"),
                row("sexagesimal port", h -> h.app(APP.replace("port: 3000", "port: 50:00")), "apps/web.yaml", 2, "port", "sexagesimal"),
                row("port with _", h -> h.app(APP.replace("port: 3000", "port: 3_000")), "apps/web.yaml", 2, "port", "like 3000"),
                row("port with +", h -> h.app(APP.replace("port: 3000", "port: +3000")), "apps/web.yaml", 2, "port", "like 3000"),
                row("negative port", h -> h.app(APP.replace("port: 3000", "port: -1")), "apps/web.yaml", 2, "port", "between 1 and 65535, found -1"),
                row("port 0", h -> h.app(APP.replace("blue: 4000", "blue: 0")), "apps/web.yaml", 4, "slots.blue", "between 1 and 65535, found 0"),
                row("port 70000", h -> h.app(APP.replace("green: 4001", "green: 70000")), "apps/web.yaml", 5, "slots.green", "found 70000"),
                row("port beyond int", h -> h.app(APP.replace("port: 3000", "port: 99999999999")), "apps/web.yaml", 2, "port", "number out of range"),
                row("port as a float", h -> h.app(APP.replace("port: 3000", "port: 3000.0")), "apps/web.yaml", 2, "port", "expected a whole number"),
                // Ports and addresses the host decides about.
                row("same slots in two apps", h -> h.write("apps/api.yaml", APP).server(TWO_APPS), "servers/s1.yaml", 4, "apps.api.slots", "host port 4000 of api (blue) is already used by web (blue)"),
                row("one app's blue on another's green", h -> h.write("apps/api.yaml", APP.replace("blue: 4000", "blue: 4001").replace("green: 4001", "green: 4002")).server(TWO_APPS), "servers/s1.yaml", 4, "apps.api.slots", "already used by web (green)"),
                row("server override colliding", h -> h.write("apps/api.yaml", APP.replace("4000", "5000").replace("4001", "5001"))
                        .server(TWO_APPS + "    slots: {blue: 5000, green: 4000}\n"), "servers/s1.yaml", 4, "apps.api.slots", "host port 4000 of api (green) is already used by web (blue)"),
                row("slot on the admin port", h -> h.policy = ADMIN_ON_4000, "apps/web.yaml", 4, "slots.blue", "host port 4000 is reserved on this host for the admin listener (admin.listen)"),
                row("override slot on the admin port", h -> {
                    h.app(APP.replace("4000", "5000").replace("4001", "5001")).server(SERVER + "    slots: {blue: 5002, green: 4000}\n");
                    h.policy = ADMIN_ON_4000;
                }, "servers/s1.yaml", 4, "apps.web.slots.green", "reserved on this host for the admin listener"),
                row("public bind without allowance", h -> h.app(APP + "bind: 0.0.0.0\n"), "apps/web.yaml", 8, "bind", "0.0.0.0 publishes beyond loopback; the host config must allow it (exposure.appBinds)"),
                row("public bind in a server override", h -> h.server(SERVER + "    bind: 10.0.0.5\n"), "servers/s1.yaml", 4, "apps.web.bind", "10.0.0.5 publishes beyond loopback"),
                row("bind other than the allowed one", h -> { h.app(APP + "bind: 10.0.0.5\n"); h.policy = PUBLIC_ALLOWED; }, "apps/web.yaml", 8, "bind", "publishes beyond loopback"),
                row("bind with a shell tail", h -> h.app(APP + "bind: \"0.0.0.0; rm -rf /\"\n"), "apps/web.yaml", 8, "bind", "expected an IPv4 address"),
                // Values that validate as text but break at run time or escape their context.
                row("health path with a bad escape", h -> h.app(APP.replace("/api/ping", "\"/%zz\"")), "apps/web.yaml", 7, "health.path", "two hex digits"),
                row("health path with a cut escape", h -> h.app(APP.replace("/api/ping", "\"/a%2\"")), "apps/web.yaml", 7, "health.path", "two hex digits"),
                row("health path with a space", h -> h.app(APP.replace("/api/ping", "\"/a b\"")), "apps/web.yaml", 7, "health.path", "no spaces or quotes"),
                row("health path with a quote", h -> h.app(APP.replace("/api/ping", "\"/a'b\"")), "apps/web.yaml", 7, "health.path", "no spaces or quotes"),
                row("health path with a newline", h -> h.app(APP.replace("/api/ping", "\"/a\\nHost: evil\"")), "apps/web.yaml", 7, "health.path", "'/a\\x0aHost: evil'"),
                row("health path that is a URL", h -> h.app(APP.replace("/api/ping", "http://169.254.169.254/")), "apps/web.yaml", 7, "health.path", "starting with /"),
                row("image with ;", h -> h.app(APP.replace("cutover-demo", "demo;reboot")), "apps/web.yaml", 1, "image", "not a valid image"),
                row("image with $()", h -> h.app(APP.replace("cutover-demo", "demo$(reboot)")), "apps/web.yaml", 1, "image", "not a valid image"),
                row("image with backticks", h -> h.app(APP.replace("127.0.0.1:5000/cutover-demo", "\"demo`reboot`\"")), "apps/web.yaml", 1, "image", "not a valid image"),
                row("image with a newline", h -> h.app(APP.replace("127.0.0.1:5000/cutover-demo", "\"demo\\nrm\"")), "apps/web.yaml", 1, "image", "'demo\\x0arm'"),
                row("image in upper case", h -> h.app(APP.replace("cutover-demo", "Cutover")), "apps/web.yaml", 1, "image", "not a valid image"),
                row("tag ..", h -> h.server("apps:\n  web:\n    tag: ..\n"), "servers/s1.yaml", 3, "apps.web.tag", "not a valid image tag"),
                row("tag with /", h -> h.server("apps:\n  web:\n    tag: v1/../x\n"), "servers/s1.yaml", 3, "apps.web.tag", "not a valid image tag"),
                row("tag with :", h -> h.server("apps:\n  web:\n    tag: \"v1:latest\"\n"), "servers/s1.yaml", 3, "apps.web.tag", "not a valid image tag"),
                row("upstream with }", h -> h.app(APP + "upstream: \"x } server { listen 80\"\n"), "apps/web.yaml", 8, "upstream", "not a valid nginx upstream"),
                row("upstream with ;", h -> h.app(APP + "upstream: \"x;\"\n"), "apps/web.yaml", 8, "upstream", "not a valid nginx upstream"),
                row("env value with a newline", h -> h.app(APP + "env:\n  A: \"x\\nB=y\"\n"), "apps/web.yaml", 9, "env.A", "one line"),
                row("env name with =", h -> h.app(APP + "env:\n  \"A=B\": x\n"), "apps/web.yaml", 9, "env.A=B", "not a valid environment variable name"),
                row("env name with ANSI", h -> h.app(APP + "env:\n  \"\\e[8mA\": x\n"), "apps/web.yaml", 9, "env.\\x1b[8mA", "not a valid environment variable name"),
                row("secret with a dash", h -> h.app(APP + "secrets: [DB-URL]\n"), "apps/web.yaml", 8, "secrets", "'DB-URL' is not a valid secret"),
                row("secret with a command", h -> h.app(APP + "secrets: [\"$(cat /etc/shadow)\"]\n"), "apps/web.yaml", 8, "secrets", "is not a valid secret"),
                row("secret that is a path", h -> h.app(APP + "secrets: [../../secret.txt]\n"), "apps/web.yaml", 8, "secrets", "is not a valid secret"),
                row("app name climbing out", h -> h.server("apps:\n  ../outside/apps/web:\n    tag: v1\n"), "servers/s1.yaml", 2, "apps.../outside/apps/web", "not a valid app name"),
                row("server name climbing out", h -> h.server = "../../outside/desired/servers/s1", "servers/", 0, "", "is not a valid server name"),
                row("server name with ANSI", h -> h.server = "s1\u001b[2J", "servers/", 0, "", "'s1\\x1b[2J' is not a valid server name"),
                row("file name with a space and upper case", h -> { h.write("apps/Web App.yaml", APP); h.all = true; }, "apps/Web App.yaml", 0, "", "file name must be a valid name"),
                row("file name with unicode", h -> { h.write("apps/w\u00e9b.yaml", APP); h.all = true; }, "apps/w\u00e9b.yaml", 0, "", "file name must be a valid name"),
                row("file name with dots", h -> { h.write("servers/s.1.yaml", SERVER); h.all = true; }, "servers/s.1.yaml", 0, "", "file name must be a valid name"));
    }

    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [*").append(p).append((",*" + p).repeat(8)).append("]\n");
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0} is refused quickly with file, line, field and a safe message")
    @MethodSource("hostileCommits")
    void eachHostileCommitIsRefusedQuicklyWithASafeMessage(String name, Setup setup, String file, int line, String field, String words)
            throws Exception {
        Hostile h = new Hostile(tmp);
        setup.on(h);
        InvalidDesiredState e = assertTimeoutPreemptively(QUICKLY, () -> assertThrows(InvalidDesiredState.class, h::load));
        Problem p = e.problems().stream()
                .filter(x -> file == null || x.file().equals(file))
                .filter(x -> x.field().equals(field) || (field.equals("aaaa") && x.field().startsWith("aaaa")))
                .filter(x -> x.message().contains(words))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no problem in " + file + " at " + field + " saying '" + words + "' in " + e.problems()));
        if (line == SOME_LINE) {
            assertTrue(p.line() > 0, p.toString());
        } else {
            assertTrue(p.line() == line, "line " + line + " expected: " + p);
        }
        for (Problem each : e.problems()) {
            assertSafe(each, h);
        }
    }

    /** A message shows where, what, and a short escaped excerpt; nothing from outside the checkout. */
    static void assertSafe(Problem p, Hostile h) {
        String s = p.toString();
        String where = p.line() > 0 ? p.file() + ":" + p.line() + ": " : p.file() + ": ";
        assertTrue(s.startsWith(where + (p.field().isEmpty() ? "" : p.field() + ": ")), s);
        assertTrue(s.codePoints().noneMatch(HostileDesiredStateTest::invisible), "control character in: " + s);
        assertTrue(s.length() <= 200 + 200 + 300 + 20, "too long: " + s.length());
        Matcher quoted = Pattern.compile("'([^']*)'").matcher(p.message());
        while (quoted.find()) {
            assertTrue(quoted.group(1).length() <= 100, "quoted value of " + quoted.group(1).length() + " chars in " + s);
        }
        assertFalse(s.contains(Hostile.SECRET), s);
        assertFalse(s.contains(h.outside.toString()), s);
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    static Stream<Arguments> acceptedCommits() {
        return Stream.of(
                arguments("public bind the host allows", (Setup) h -> { h.app(APP + "bind: 0.0.0.0\n"); h.policy = PUBLIC_ALLOWED; }),
                arguments("any loopback bind", (Setup) h -> h.app(APP + "bind: 127.0.0.2\n")),
                arguments("reserved port not used", (Setup) h -> h.policy = new HostPolicy(Set.of(), Map.of(9470, "the admin listener"))),
                arguments("YAML 1.1 booleans and numbers as env values stay text", (Setup) h -> h.app(APP + "env:\n  A: on\n  B: 0x1F\n  C: 010\n")),
                arguments("health path with a query and escapes", (Setup) h -> h.app(APP.replace("/api/ping", "/api/ping%20x?a=1&b=%2F"))),
                arguments("repo.path written with ./", (Setup) h -> h.folder = "./desired"),
                arguments("a .git folder beside the desired state", (Setup) h -> {
                    Files.createDirectories(h.checkout.resolve(".git"));
                    Files.createSymbolicLink(h.checkout.resolve(".git/HEAD-link"), h.outside);
                    h.folder = ".";
                    h.write("../apps/web.yaml", APP).write("../servers/s1.yaml", Hostile.SERVER);
                }));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("acceptedCommits")
    void whatTheHostAllowsIsAccepted(String name, Setup setup) throws Exception {
        Hostile h = new Hostile(tmp);
        setup.on(h);
        assertTimeoutPreemptively(QUICKLY, () -> assertDoesNotThrow(h::load));
    }
}

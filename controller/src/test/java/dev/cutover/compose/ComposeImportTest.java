package dev.cutover.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.desired.AppSpec;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.DesiredStateLoader;
import dev.cutover.desired.InvalidDesiredState;
import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compose-to-desired-state mapping. Every import that succeeds is written out and loaded
 * back with the real loader (what {@code cutover validate} runs), so a mapping that produces
 * an invalid folder fails here.
 */
class ComposeImportTest {
    private static final String FILE = "compose.yaml";

    @TempDir
    Path tmp;

    /** What the import said and what the loader read back from the folder it wrote. */
    record Loaded(Imported imported, DesiredState state, String notes, String files) {
        AppSpec app(String name) {
            return state.apps().stream().map(DesiredApp::spec).filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no app " + name + " in " + state.apps() + "\n" + notes));
        }

        String tag(String name) {
            return state.apps().stream().filter(a -> a.spec().name().equals(name)).map(DesiredApp::tag).findFirst().orElse(null);
        }

        /** The app names and slots, like "web 4000/4001, api 5000/5001". */
        String slots() {
            return state.apps().stream().map(DesiredApp::spec).map(s -> s.name() + " " + s.bluePort() + "/" + s.greenPort())
                    .collect(Collectors.joining(", "));
        }
    }

    private Loaded importAndLoad(String compose) {
        Imported imported = ComposeImport.map(compose, FILE, "local");
        String notes = lines(imported.notes());
        assertTrue(imported.ok(), lines(imported.problems()));
        DesiredStateFolder folder = new DesiredStateFolder(tmp.resolve("out"));
        StringBuilder files = new StringBuilder();
        for (ImportedApp app : imported.apps()) {
            String text = DesiredStateText.app(app, FILE);
            folder.app(app.name(), text);
            files.append(text);
        }
        String server = DesiredStateText.server(imported.apps(), FILE);
        folder.server("local", server);
        files.append(server);
        try {
            DesiredStateLoader.validateAll(folder.dir());
            return new Loaded(imported, DesiredStateLoader.loadServer(folder.dir(), "local"), notes, files.toString());
        } catch (InvalidDesiredState e) {
            throw new AssertionError("the imported folder does not validate: " + e.problems() + "\n" + files, e);
        }
    }

    private static List<Problem> problemsOf(String compose) {
        Imported imported = ComposeImport.map(compose, FILE, "local");
        assertFalse(imported.ok(), "expected problems; notes: " + lines(imported.notes()));
        assertEquals(List.of(), imported.apps().isEmpty() ? List.of() : List.of("apps despite problems"));
        return imported.problems();
    }

    private static String lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    /** A service in one line: {@code name image:tag host:container}. */
    private static String service(String spec) {
        String[] p = spec.trim().split("\\s+");
        return "  " + p[0] + ":\n    image: " + p[1] + "\n    ports: [\"" + p[2] + "\"]\n";
    }

    @Test
    void theBlogPostsTwoColoursBecomeOneAppWithBothSlotsItsPortTagEnvAndSecrets() {
        Loaded l = importAndLoad("""
                services:
                  web-blue:
                    image: registry.example.com/team/web:${TAG:-latest}
                    restart: unless-stopped
                    ports: ["4000:3000"]
                    environment:
                      - NODE_ENV=production
                      - DATABASE_URL=postgres://web:pw1@db/web
                    env_file: .env
                  web-green:
                    image: registry.example.com/team/web:${TAG:-latest}
                    restart: unless-stopped
                    ports: ["4001:3000"]
                    environment: { NODE_ENV: production, DATABASE_URL: "postgres://web:pw1@db/web" }
                """);
        AppSpec web = l.app("web");
        assertEquals("registry.example.com/team/web", web.image());
        assertEquals(3000, web.port());
        assertEquals(4000, web.bluePort());
        assertEquals(4001, web.greenPort());
        assertEquals("127.0.0.1", web.bind());
        assertEquals(Map.of("NODE_ENV", "production"), web.env());
        assertEquals(List.of("DATABASE_URL"), web.secrets());
        assertEquals("latest", l.tag("web"));
        assertEquals("/", web.health().path());
        assertTrue(l.notes().contains("compose.yaml:9: services.web-blue.env_file: not mapped: Cutover reads no env files"), l.notes());
        assertTrue(l.notes().contains("compose.yaml:3: services.web-blue.image: servers/local.yaml says tag latest (the default of ${TAG:-latest})"), l.notes());
        assertTrue(l.notes().contains("compose.yaml:2: services.web-blue: no healthcheck: health.path defaults to /"), l.notes());
        assertFalse(l.files().contains("pw1") || l.notes().contains("pw1"), "a secret's value was written or printed");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "-blue and -green                      | web-blue r/web:v1 4000:3000; web-green r/web:v1 4001:3000       | web 4000/4001",
            "_blue and _green                      | web_blue r/web:v1 4000:3000; web_green r/web:v1 4001:3000       | web 4000/4001",
            "colour first                          | blue-web r/web:v1 4000:3000; green-web r/web:v1 4001:3000       | web 4000/4001",
            "colour glued on                       | webblue r/web:v1 4000:3000; webgreen r/web:v1 4001:3000         | web 4000/4001",
            "colour in the middle                  | api-blue-v2 r/api:v1 5000:80; api-green-v2 r/api:v1 5001:80     | api-v2 5000/5001",
            "green written first                   | web-green r/web:v1 4001:3000; web-blue r/web:v1 4000:3000       | web 4000/4001",
            "upper case and dots                   | My.App-Blue r/web:v1 4000:3000; My.App-Green r/web:v1 4001:3000 | my-app 4000/4001",
            "two apps side by side                 | a-blue r/a:v1 4000:3000; b-blue r/b:v1 5000:3000; a-green r/a:v1 4001:3000; b-green r/b:v1 5001:3000 | a 4000/4001, b 5000/5001",
            "different images do not pair          | web-blue r/web:v1 4000:3000; web-green r/other:v1 4001:3000     | web-blue 4000/4002, web-green 4001/4003",
            "a colour alone is an app of its own   | web-blue r/web:v1 4000:3000                                     | web-blue 4000/4001",
            "no colour at all                      | web r/web:v1 4000:3000; api r/api:v1 5000:3000                  | web 4000/4001, api 5000/5001",
            "a single service skips taken ports    | web r/web:v1 4000:3000; api r/api:v1 4001:3000                  | web 4000/4002, api 4001/4003",
            "a base name that is no app name       | blue r/team/shop:v1 4000:3000; green r/team/shop:v1 4001:3000   | shop 4000/4001",
    })
    void servicesArePairedIntoAppsByColourAndImage(String what, String services, String expected) {
        StringBuilder compose = new StringBuilder("services:\n");
        for (String s : services.split(";")) {
            compose.append(service(s));
        }
        Loaded l = importAndLoad(compose.toString());
        assertEquals(expected.trim(), l.slots(), l.notes());
    }

    @Test
    void aSingleServiceGetsItsPortAndTheNextAsSlotsAndSaysSo() {
        Loaded l = importAndLoad("services:\n  shop:\n    image: r/shop:v3\n    ports: [\"127.0.0.1:8080:80\"]\n");
        assertEquals("shop 8080/8081", l.slots());
        assertTrue(l.notes().contains("compose.yaml:4: services.shop.ports: slots: blue 8080 (its published port), green 8081 "
                + "(the second colour's port: keep it free on the host)"), l.notes());
        assertFalse(l.notes().contains("all interfaces"), "127.0.0.1 is what Cutover does anyway: " + l.notes());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "list form           | ['NODE_ENV=production', 'EMPTY=', 'WITH_EQUALS=a=b']",
            "map form            | {NODE_ENV: production, EMPTY: '', WITH_EQUALS: 'a=b'}",
            "map form, block     | \\n      NODE_ENV: production\\n      EMPTY: ''\\n      WITH_EQUALS: a=b",
    })
    void environmentInListOrMapFormBecomesTheSameEnv(String what, String environment) {
        Loaded l = importAndLoad("services:\n  web:\n    image: r/web:v1\n    ports: [\"4000:3000\"]\n    environment: "
                + environment.replace("\\n", "\n") + "\n");
        assertEquals(Map.of("NODE_ENV", "production", "EMPTY", "", "WITH_EQUALS", "a=b"), l.app("web").env());
    }

    @ParameterizedTest(name = "[{index}] {0}={1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "DATABASE_URL       | postgres://db.internal/web          | secret",
            "DB_PASSWORD        | pw-1                                | secret",
            "SESSION_SECRET     | s-1                                 | secret",
            "GITHUB_TOKEN       | t-1                                 | secret",
            "STRIPE_API_KEY     | k-1                                 | secret",
            "GCP_CREDENTIALS    | c-1                                 | secret",
            "redis_password     | p-1                                 | secret",
            "REDIS_URL          | redis://:pw-2@cache:6379            | secret",
            "AMQP_URL           | amqp://user:pw-3@mq/vhost           | secret",
            "CACHE_URL          | redis://:${REDIS_PASSWORD}@cache    | secret",
            "REDIS_URL          | redis://cache:6379                  | plain",
            "PUBLIC_URL         | https://user@example.com/           | plain",
            "NODE_ENV           | production                          | plain",
            "PORT               | 3000                                | plain",
    })
    void variablesThatLookSecretAreNamedUnderSecretsAndTheirValuesAreNeverWrittenOrPrinted(String name, String value, String kind) {
        Loaded l = importAndLoad("services:\n  web:\n    image: r/web:v1\n    ports: [\"4000:3000\"]\n    environment:\n      - "
                + name + "=" + value + "\n");
        AppSpec web = l.app("web");
        if (kind.equals("secret")) {
            assertEquals(List.of(name), web.secrets());
            assertEquals(Map.of(), web.env());
            assertTrue(l.notes().contains("compose.yaml:6: services.web.environment." + name + ": looks secret, so its value is "
                    + "not written to git: it is named under secrets in apps/web.yaml; put its value into the host's secrets file"), l.notes());
            assertFalse(l.files().contains(value) || l.notes().contains(value), "the value leaked");
        } else {
            assertEquals(List.of(), web.secrets());
            assertEquals(Map.of(name, value), web.env());
        }
    }

    @Test
    void aVariableWithoutAValueIsASecretWhenItLooksSecretAndOtherwiseALineSaysWhatToDo() {
        Loaded l = importAndLoad("services:\n  web:\n    image: r/web:v1\n    ports: [\"4000:3000\"]\n    environment:\n"
                + "      - API_TOKEN\n      - LOG_LEVEL\n      - REGION=${REGION:-eu}\n      - ZONE=${ZONE}\n");
        assertEquals(List.of("API_TOKEN"), l.app("web").secrets());
        assertEquals(Map.of("REGION", "eu"), l.app("web").env());
        assertTrue(l.notes().contains("compose.yaml:7: services.web.environment.LOG_LEVEL: not mapped: compose takes its value "
                + "from the shell; write it under env in apps/web.yaml"), l.notes());
        assertTrue(l.notes().contains("compose.yaml:8: services.web.environment.REGION: the default written in the file is used"), l.notes());
        assertTrue(l.notes().contains("compose.yaml:9: services.web.environment.ZONE: not mapped: its value needs ${ZONE} from the shell"), l.notes());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a literal tag                     | r/web:v2                    | v2     | ",
            "a default                         | r/web:${TAG:-v1.4}          | v1.4   | (the default of ${TAG:-v1.4})",
            "a default without colon           | r/web:${TAG-v3}             | v3     | (the default of ${TAG-v3})",
            "no tag is latest                  | r/web                       | latest | no tag (compose pulls latest)",
            "a registry port is not a tag      | 127.0.0.1:5000/web          | latest | no tag (compose pulls latest)",
            "a variable without default        | r/web:${TAG}                |        | the tag comes from ${TAG}, which has no default; web is left out of servers/local.yaml",
            "an error-if-unset variable        | r/web:${TAG:?set TAG}       |        | the tag comes from ${TAG}, which has no default",
            "a tag that is no tag              | r/web:${TAG:-.bad}          |        | '.bad' is not a valid image tag",
            "a digest                          | r/web:v5@sha256:0123abcd    | v5     | not mapped: the digest; Cutover deploys by tag",
    })
    void theTagGoesToTheServerFileOrALineSaysWhatToSet(String what, String image, String tag, String note) {
        Loaded l = importAndLoad("services:\n  web:\n    image: \"" + image + "\"\n    ports: [\"4000:3000\"]\n");
        assertEquals(tag, l.tag("web"));
        assertTrue(l.imported().apps().size() == 1, "the app file is written either way");
        if (note != null) {
            assertTrue(l.notes().contains("compose.yaml:3: services.web.image: ") && l.notes().contains(note), l.notes());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "long syntax                      | {target: 3000, published: 4000}                              | 4000/4001 127.0.0.1 | compose publishes on all interfaces",
            "long syntax, string port         | {target: 3000, published: '4000', host_ip: 127.0.0.1}        | 4000/4001 127.0.0.1 | ",
            "long syntax, other loopback      | {target: 3000, published: 4000, host_ip: 127.0.0.2, protocol: tcp} | 4000/4001 127.0.0.2 | ",
            "short, with address              | '127.0.0.3:4000:3000'                                        | 4000/4001 127.0.0.3 | ",
            "short, with protocol             | '4000:3000/tcp'                                              | 4000/4001 127.0.0.1 | ",
            "short, unquoted (base 60 in YAML 1.1) | 4000:3000                                               | 4000/4001 127.0.0.1 | ",
            "beyond loopback                  | '10.0.0.5:4000:3000'                                         | 4000/4001 127.0.0.1 | not mapped: bind 10.0.0.5 reaches beyond loopback",
    })
    void portsInShortOrLongSyntaxBecomeSlotsPortAndBind(String what, String port, String expected, String note) {
        Loaded l = importAndLoad("services:\n  web:\n    image: r/web:v1\n    ports:\n      - " + port + "\n");
        AppSpec web = l.app("web");
        assertEquals(expected, web.bluePort() + "/" + web.greenPort() + " " + web.bind());
        assertEquals(3000, web.port());
        if (note != null) {
            assertTrue(l.notes().contains("compose.yaml:5: services.web.ports: " + note), l.notes());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "container port only      | '3000'                                | no host port: Docker picks one at random",
            "udp                      | '4000:3000/udp'                       | protocol udp",
            "a range                  | '4000-4001:3000-3001'                 | a port range",
            "IPv6                     | '[::1]:4000:3000'                     | an IPv6 address",
            "long, no published       | {target: 3000}                        | no host port",
            "out of range             | '70000:3000'                          | '70000:3000' is not two port numbers between 1 and 65535",
            "a variable               | '${PORT}:3000'                        | it needs ${PORT} from the shell",
    })
    void aPortThatCannotBeASlotIsReportedAndTheServiceLeftOut(String what, String port, String why) {
        Imported imported = ComposeImport.map("services:\n  web:\n    image: r/web:v1\n    ports:\n      - " + port + "\n", FILE, "local");
        assertTrue(imported.ok(), lines(imported.problems()));
        String notes = lines(imported.notes());
        assertEquals(List.of(), imported.apps(), notes);
        assertTrue(notes.contains("compose.yaml:5: services.web.ports: not mapped: " + why), notes);
        assertTrue(notes.contains("compose.yaml:2: services.web: not mapped: no published host port"), notes);
    }

    @Test
    void everyKeyWithoutACounterpartGetsALineWithItsLineNumber() {
        Loaded l = importAndLoad("""
                version: "3.8"
                x-common: &common
                  restart: unless-stopped
                services:
                  web:
                    <<: *common
                    build: .
                    image: r/web:v1
                    command: ["node", "server.js"]
                    ports: ["4000:3000"]
                    volumes: ["./data:/data"]
                    depends_on: [db]
                    networks: [back]
                    env_file: .env
                    container_name: web
                    restart: always
                    privileged: true
                  db:
                    image: postgres:16
                    volumes: ["db:/var/lib/postgresql/data"]
                volumes:
                  db: {}
                networks:
                  back: {}
                """);
        String n = l.notes();
        for (String expected : List.of(
                "compose.yaml:7: services.web.build: not mapped: Cutover deploys images from a registry",
                "compose.yaml:9: services.web.command: not mapped: write it as command in apps/web.yaml (a list of arguments",
                "compose.yaml:11: services.web.volumes: not mapped: write it as volumes in apps/web.yaml yourself",
                "compose.yaml:12: services.web.depends_on: not mapped: Cutover starts each app on its own",
                "compose.yaml:13: services.web.networks: not mapped: write it as networks in apps/web.yaml yourself: existing networks only",
                "compose.yaml:14: services.web.env_file: not mapped: Cutover reads no env files",
                "compose.yaml:15: services.web.container_name: not mapped: Cutover names containers cutover-web-blue",
                "compose.yaml:16: services.web.restart: not mapped: Cutover runs every container with restart policy unless-stopped",
                "compose.yaml:17: services.web.privileged: not mapped: Cutover has no equivalent",
                "compose.yaml:18: services.db: not mapped: no published host port",
                "compose.yaml:21: volumes: not mapped: Cutover creates a named volume when an app's volumes name it",
                "compose.yaml:23: networks: not mapped: the desired state joins existing networks only")) {
            assertTrue(n.contains(expected), "missing: " + expected + "\nin:\n" + n);
        }
        assertFalse(n.contains("version") || n.contains("x-common"), "version and x- keys carry nothing to deploy: " + n);
        List<Integer> lineNumbers = l.imported().notes().stream().map(Problem::line).toList();
        assertEquals(lineNumbers.stream().sorted().toList(), lineNumbers, "lines follow the file");
    }

    @Test
    void servicesSharingSettingsThroughMergeKeysArePairedLikeAnyOther() {
        Loaded l = importAndLoad("""
                x-web: &web
                  image: r/web:${TAG:-v9}
                  environment: {NODE_ENV: production}
                  healthcheck:
                    test: curl -fsS http://localhost:3000/healthz?full=1 || exit 1
                services:
                  web-blue:
                    <<: *web
                    ports: ["4000:3000"]
                  web-green:
                    <<: [*web]
                    ports: ["4001:3000"]
                """);
        assertEquals("web 4000/4001", l.slots());
        assertEquals("v9", l.tag("web"));
        assertEquals("/healthz?full=1", l.app("web").health().path());
        assertEquals(Map.of("NODE_ENV", "production"), l.app("web").env());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "CMD curl                 | ['CMD', 'curl', '-f', 'http://localhost:3000/api/ping']           | /api/ping | ",
            "CMD-SHELL wget           | ['CMD-SHELL', 'wget -q --spider http://127.0.0.1:3000/up']     | /up       | ",
            "a shell string, no path  | curl -f http://localhost:3000                                     | /         | ",
            "another port             | ['CMD', 'curl', '-f', 'http://localhost:9000/metrics']            | /         | it probes port 9000, not the app's port 3000; health.path defaults to /",
            "https                    | ['CMD', 'curl', '-fk', 'https://localhost:3000/ping']              | /         | it probes https",
            "not an HTTP probe        | ['CMD', 'pg_isready']                                             | /         | its test does not fetch a URL with curl or wget",
    })
    void aCurlOrWgetHealthcheckOnTheAppsPortGivesTheHealthPath(String what, String test, String path, String note) {
        Loaded l = importAndLoad("services:\n  web:\n    image: r/web:v1\n    ports: [\"4000:3000\"]\n    healthcheck:\n      test: "
                + test + "\n      retries: 5\n");
        assertEquals(path, l.app("web").health().path());
        if (note != null) {
            assertTrue(l.notes().contains("compose.yaml:6: services.web.healthcheck.test: not mapped: " + note), l.notes());
        }
        assertTrue(l.notes().contains("compose.yaml:7: services.web.healthcheck.retries: not mapped: Cutover's gate has its own timing"), l.notes());
    }

    @Test
    void valuesThatYamlWouldReadAsSomethingElseAreWrittenSoTheyReadBackTheSame() {
        Loaded l = importAndLoad("services:\n  web:\n    image: r/web:v1\n    ports: [\"4000:3000\"]\n    environment:\n"
                + "      - A=yes\n      - B=0755\n      - \"C=a: b\"\n      - D=\"quoted\" \\\\ back\n      - E=#not a comment\n"
                + "      - F=tab\there\n      - G=\u00e9t\u00e9 \u202e\n      - H=~\n      - I=12:30\n");
        assertEquals(Map.of("A", "yes", "B", "0755", "C", "a: b", "D", "\"quoted\" \\\\ back", "E", "#not a comment",
                "F", "tab\there", "G", "\u00e9t\u00e9 \u202e", "H", "~", "I", "12:30"), l.app("web").env());
    }

    @Test
    void moreVariablesThanAnAppFileMayHoldAreReportedSoTheFolderStillValidates() {
        StringBuilder b = new StringBuilder("services:\n  web:\n    image: r/web:v1\n    ports: [\"4000:3000\"]\n    environment:\n");
        for (int i = 0; i < 1005; i++) {
            b.append("      - V").append(i).append("=x\n");
        }
        Loaded l = importAndLoad(b.toString());
        assertEquals(1000, l.app("web").env().size());
        assertTrue(l.notes().contains("compose.yaml:1006: services.web.environment.V1000: not mapped: an app has at most 1000 plain variables"), l.notes());
    }

    @Test
    void twoServicesPublishingTheSameHostPortLeaveTheSecondOut() {
        Loaded l = importAndLoad("services:\n" + service("web r/web:v1 4000:3000") + service("api r/api:v1 4000:3000"));
        assertEquals("web 4000/4001", l.slots());
        assertTrue(l.notes().contains("compose.yaml:7: services.api.ports: not mapped: host port 4000 is already web's"), l.notes());
    }

    @Test
    void anImageCutoverCannotNameIsReportedAndTheServiceLeftOut() {
        Imported imported = ComposeImport.map("services:\n  web:\n    image: ${REGISTRY}/web:v1\n    ports: [\"4000:3000\"]\n"
                + "  api:\n    image: Team/API:v1\n    ports: [\"5000:3000\"]\n  worker:\n    build: .\n", FILE, "local");
        String notes = lines(imported.notes());
        assertEquals(List.of(), imported.apps(), notes);
        assertTrue(notes.contains("compose.yaml:3: services.web.image: not mapped: the repository needs ${REGISTRY} from the shell"), notes);
        assertTrue(notes.contains("compose.yaml:6: services.api.image: not mapped: 'Team/API' is not a valid image repository"), notes);
        assertTrue(notes.contains("compose.yaml:8: services.worker: not mapped: no image"), notes);
    }

    // Hostile and malformed input: refused with file:line: field: message, quickly, nothing mapped.

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a list at the top        | - web                                          | compose.yaml:1: expected a mapping of fields, found a list",
            "a scalar at the top      | just text                                      | compose.yaml:1: expected a mapping of fields, found 'just text'",
            "no services              | volumes: {}                                    | compose.yaml:1: services: required field is missing",
            "services as a list       | services: [web]                                | compose.yaml:1: services: expected a mapping of fields, found a list",
            "a service as text        | services: {web: nginx}                         | compose.yaml:1: services.web: expected a mapping of fields, found 'nginx'",
            "a Java tag               | services: {web: {image: !!javax.script.ScriptEngineManager [x]}} | compose.yaml:1: not valid YAML: Global tag is not allowed",
            "a local tag              | services: {web: !custom {image: x}}             | compose.yaml:1: tag !custom is not allowed; plain YAML only",
            "ports as text            | services: {web: {image: r/w, ports: '80:80'}}   | compose.yaml:1: services.web.ports: expected a list, found '80:80'",
            "environment as text      | services: {web: {image: r/w, environment: A=1}} | compose.yaml:1: services.web.environment: expected a list of NAME=value or a mapping, found 'A=1'",
            "a duplicate service      | services: {web: {image: a}, web: {image: b}}    | compose.yaml:1: services.web: duplicate field (first at line 1)",
            "a bad service name       | services: {'we b': {image: a}}                  | compose.yaml:1: services.we b: not a valid compose service name (letters, digits, . _ -)",
            "an escape sequence name  | services: {\"\\e[31mweb\": {image: a}}         | compose.yaml:1: services.\\x1b[31mweb: not a valid compose service name",
            "a merge of itself        | services: &s {<<: *s}                           | compose.yaml:1: services: a merge key (<<) refers to the mapping it is in",
            "a merge of text          | services: {web: {<<: text, image: a}}           | compose.yaml:1: services.web: a merge key (<<) takes a mapping or a list of mappings, found 'text'",
            "not YAML                 | services: {web: [}                              | compose.yaml:1: not valid YAML",
    })
    void inputThatIsNotAComposeFileOfMappingsIsRefusedWithFileLineAndField(String what, String compose, String expected) {
        String text = compose;
        List<Problem> problems = problemsOf(text + "\n");
        assertTrue(lines(problems).contains(expected), lines(problems));
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsParsed() throws IOException {
        Path huge = tmp.resolve("compose.yaml");
        StringBuilder b = new StringBuilder("services:\n");
        for (int i = 0; b.length() < 2 * 1024 * 1024; i++) {
            b.append("  s").append(i).append(": {image: r/web:v1, ports: [\"").append(10000 + i % 50000).append(":80\"]}\n");
        }
        Files.writeString(huge, b);
        Imported imported = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ComposeImport.read(huge, FILE, "local"));
        assertEquals("compose.yaml: file is larger than 1048576 bytes; the limit is 1048576", lines(imported.problems()));
    }

    @Test
    void anAliasBombIsRefusedQuickly() {
        StringBuilder b = new StringBuilder("x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            b.append("x-").append(c).append(": &").append(c).append(" [*").append(p).append((",*" + p).repeat(8)).append("]\n");
        }
        b.append("services: {web: {image: r/w, environment: *j}}\n");
        List<Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problemsOf(b.toString()));
        assertTrue(lines(problems).contains("compose.yaml:"), lines(problems));
    }

    @Test
    void aLargeButValidFileOfManyServicesIsMappedQuicklyAndValidates() {
        StringBuilder b = new StringBuilder("services:\n");
        for (int i = 0; i < 300; i++) {
            b.append(service("app" + i + "-blue r/app" + i + ":v1 " + (10000 + 2 * i) + ":3000"));
            b.append(service("app" + i + "-green r/app" + i + ":v1 " + (10001 + 2 * i) + ":3000"));
        }
        Loaded l = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> importAndLoad(b.toString()));
        assertEquals(300, l.state().apps().size());
    }
}

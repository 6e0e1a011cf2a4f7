package dev.cutover.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamFileTest {
    @Test
    void rendersTheLiveColourFirstAndTheOtherAsBackup() {
        String f = UpstreamFile.render("web", "app", Colour.GREEN, "127.0.0.1", 4001, 4000, "127.0.0.1:8099");
        assertTrue(f.contains("upstream app {\n    server 127.0.0.1:4001 max_fails=0;\n    server 127.0.0.1:4000 max_fails=0 backup;\n}"), f);
        assertTrue(f.contains("listen 127.0.0.1:8099;") && f.contains("server_name web.cutover.probe;"), f);
    }

    @ParameterizedTest(name = "header of {0}/{1} read as app {2}: {3}")
    @CsvSource({"web, blue, web, BLUE", "web, green, web, GREEN", "web, blue, api, ''"})
    void theLiveColourIsReadBackFromTheHeader(String app, String live, String asked, String expected) {
        String f = UpstreamFile.render(app, "app", Colour.parse(live), "127.0.0.1", 1, 2, "127.0.0.1:8099");
        assertEquals(expected.isEmpty() ? Optional.empty() : Optional.of(Colour.valueOf(expected)), UpstreamFile.liveColour(f, asked));
    }

    @ParameterizedTest(name = "{0}% to the canary, hash key ''{1}''")
    @CsvSource({"10, ''", "50, $cookie_session", "99, $remote_addr"})
    void aCanaryStepWeighsBothColoursWithoutABackupAndKeepsTheOldOneLive(int percent, String key) {
        Optional<String> hash = key.isEmpty() ? Optional.empty() : Optional.of(key);
        String f = UpstreamFile.renderCanary("web", "app", Colour.BLUE, "127.0.0.1", 4000, 4001, percent, hash, "127.0.0.1:8099");
        assertTrue(f.contains("upstream app {\n" + hash.map(k -> "    hash " + k + " consistent;\n").orElse("")
                + "    server 127.0.0.1:4000 weight=" + (100 - percent) + " max_fails=0;\n"
                + "    server 127.0.0.1:4001 weight=" + percent + " max_fails=0;\n}"), f);
        assertTrue(!f.contains("backup"), "nginx refuses backup with hash, and a weighted step needs none");
        assertEquals(Optional.of(Colour.BLUE), UpstreamFile.liveColour(f, "web"));
        assertTrue(UpstreamFile.isCanary(f));
        assertTrue(!UpstreamFile.isCanary(UpstreamFile.render("web", "app", Colour.BLUE, "127.0.0.1", 4000, 4001, "127.0.0.1:8099")));
    }

    @Test
    void keepaliveComesLastInTheUpstreamAfterTheServersAndAnyHash() {
        String f = UpstreamFile.render("web", "app", Colour.GREEN, "127.0.0.1", 4001, 4000, "127.0.0.1:8099", 32);
        assertTrue(f.contains("upstream app {\n    server 127.0.0.1:4001 max_fails=0;\n    server 127.0.0.1:4000 max_fails=0 backup;\n"
                + "    keepalive 32;\n}"), f);
        String c = UpstreamFile.renderCanary("web", "app", Colour.BLUE, "127.0.0.1", 4000, 4001, 20, Optional.of("$cookie_s"),
                "127.0.0.1:8099", 8);
        assertTrue(c.contains("upstream app {\n    hash $cookie_s consistent;\n    server 127.0.0.1:4000 weight=80 max_fails=0;\n"
                + "    server 127.0.0.1:4001 weight=20 max_fails=0;\n    keepalive 8;\n}"), c);
        assertEquals(UpstreamFile.render("web", "app", Colour.GREEN, "127.0.0.1", 4001, 4000, "127.0.0.1:8099"),
                UpstreamFile.render("web", "app", Colour.GREEN, "127.0.0.1", 4001, 4000, "127.0.0.1:8099", 0));
    }

    @Test
    void nginxItselfAcceptsTheFilesWithKeepaliveAsABakeAndAsACanaryStep(@TempDir Path tmp) throws Exception {
        for (String file : List.of(
                UpstreamFile.render("web", "app", Colour.GREEN, "127.0.0.1", 4001, 4000, "127.0.0.1:8099", 16),
                UpstreamFile.renderCanary("web", "app", Colour.BLUE, "127.0.0.1", 4000, 4001, 10, Optional.of("$remote_addr"),
                        "127.0.0.1:8099", 16))) {
            Files.createDirectories(tmp.resolve("logs"));
            Files.writeString(tmp.resolve("app.conf"), file);
            Files.writeString(tmp.resolve("nginx.conf"), "pid nginx.pid;\nevents {}\nhttp {\n    include app.conf;\n}\n");
            Command.Result r = Command.run(List.of("nginx", "-t", "-q", "-p", tmp.toString(), "-c", tmp.resolve("nginx.conf").toString(),
                    "-e", tmp.resolve("logs/error.log").toString()), Duration.ofSeconds(30));
            assertTrue(r.ok(), r.output() + "\n" + file);
        }
    }

    @Test
    void aFileWithoutTheHeaderHasNoLiveColour() {
        assertEquals(Optional.empty(), UpstreamFile.liveColour("upstream app { server 127.0.0.1:9; }\n", "web"));
        assertEquals(Optional.empty(), UpstreamFile.app("# cutover: app=web live=purple\n"));
    }

    @Test
    void aPinIsALineOfItsOwnUnderTheHeaderAndIsReadBackWithTheLiveColour() {
        String f = UpstreamFile.render("web", "app", Colour.GREEN, "127.0.0.1", 4001, 4000, "127.0.0.1:8099");
        assertEquals(Optional.empty(), UpstreamFile.pin(f, "web"));
        String pinned = UpstreamFile.pinned(f, "0123456789abcdef");
        assertTrue(pinned.contains("# cutover: app=web live=green\n# cutover: pinned=0123456789abcdef by `cutover rollback`;"), pinned);
        assertEquals(Optional.of("0123456789abcdef"), UpstreamFile.pin(pinned, "web"));
        assertEquals(Optional.empty(), UpstreamFile.pin(pinned, "api"), "another app's file pins nothing for web");
        assertEquals(Optional.of(Colour.GREEN), UpstreamFile.liveColour(pinned, "web"));
        assertEquals(Optional.of("web"), UpstreamFile.app(pinned));
        assertEquals(f, pinned.replaceFirst("(?m)^# cutover: pinned=.*\n", ""), "the pin adds one line and changes nothing else");
    }

    @Test
    void aPinWithoutCutoversHeaderPinsNothing() {
        assertEquals(Optional.empty(), UpstreamFile.pin("# cutover: pinned=0123456789abcdef by hand\nupstream app {}\n", "web"));
    }
}

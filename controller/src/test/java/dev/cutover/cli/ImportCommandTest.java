package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover import} run as a user runs it, on the example compose file the README shows. */
class ImportCommandTest {
    private static final String EXAMPLE = "../ops/examples/blog-compose.yaml";
    /** The example's secret values: they must reach neither the terminal nor a written file. */
    private static final String[] SECRET_VALUES = {"change-me", "change-me-too"};

    @TempDir
    Path tmp;

    @Test
    void theBlogExampleIsImportedIntoAFolderThatValidatesAndEveryUnmappedKeyIsOneLine() throws IOException {
        Path out = tmp.resolve("desired");
        Captured c = Captured.run("import", EXAMPLE, "--out", out.toString());
        assertEquals(ExitCodes.OK, c.exitCode(), c.out() + c.err());
        for (String line : new String[] {
                EXAMPLE + ":6: services.web-blue.image: servers/local.yaml says tag latest (the default of ${TAG:-latest})",
                EXAMPLE + ":8: services.web-blue.ports: compose publishes on all interfaces",
                EXAMPLE + ":11: services.web-blue.environment.DATABASE_URL: looks secret, so its value is not written to git",
                EXAMPLE + ":12: services.web-blue.environment.SESSION_SECRET: looks secret",
                EXAMPLE + ":13: services.web-blue.env_file: not mapped: Cutover reads no env files",
                EXAMPLE + ":16: services.web-blue.healthcheck.interval: not mapped: Cutover's gate has its own timing",
                EXAMPLE + ":17: services.web-blue.volumes: not mapped: write it as volumes in apps/web.yaml yourself",
                EXAMPLE + ":28: services.web-green.volumes: not mapped:",
                "wrote " + out.resolve("apps/web.yaml"),
                "wrote " + out.resolve("servers/local.yaml"),
                "imported 1 app(s) from " + EXAMPLE}) {
            assertTrue(c.out().contains(line), "missing: " + line + "\n" + c.out());
        }
        assertEquals("", c.err());
        String app = Files.readString(out.resolve("apps/web.yaml"));
        assertTrue(app.contains("image: registry.example.com/team/web\nport: 3000\nslots:\n  blue: 4000\n  green: 4001\n"
                + "health:\n  path: /api/ping\nenv:\n  NODE_ENV: production\n"), app);
        assertTrue(app.contains("  - DATABASE_URL\n  - SESSION_SECRET\n"), app);
        assertEquals("apps:\n  web:\n    tag: latest\n", Files.readString(out.resolve("servers/local.yaml")).replaceFirst("(?s)^#[^\n]*\n", ""));
        assertNoSecretValueIn(c.out() + c.err(), out);

        Captured valid = Captured.run("validate", out.toString());
        assertEquals(ExitCodes.OK, valid.exitCode(), valid.out());
        assertTrue(valid.out().startsWith("valid: 1 app(s), 1 server(s), 1 deployment(s)"), valid.out());
    }

    @Test
    void existingFilesAreKeptUnlessForceIsGivenAndNothingIsWrittenWhenOneExists() throws IOException {
        Path out = tmp.resolve("desired");
        Files.createDirectories(out.resolve("servers"));
        Files.writeString(out.resolve("servers/edge.yaml"), "apps: {}\n");
        Captured refused = Captured.run("import", EXAMPLE, "--out", out.toString(), "--server", "edge");
        assertEquals(ExitCodes.FAILED, refused.exitCode());
        assertEquals("cutover: " + out.resolve("servers/edge.yaml") + " exists; pass --force to overwrite it (nothing written)\n",
                refused.err());
        assertFalse(Files.exists(out.resolve("apps/web.yaml")), "no file is written when one would be overwritten");
        assertEquals("apps: {}\n", Files.readString(out.resolve("servers/edge.yaml")));

        Captured forced = Captured.run("import", EXAMPLE, "--out", out.toString(), "--server", "edge", "--force");
        assertEquals(ExitCodes.OK, forced.exitCode(), forced.out() + forced.err());
        assertTrue(Files.readString(out.resolve("servers/edge.yaml")).contains("  web:\n    tag: latest\n"));
        assertEquals(ExitCodes.OK, Captured.run("validate", out.toString(), "--server", "edge").exitCode());
    }

    @Test
    void aComposeFileThatIsNotAMappingIsRefusedWithItsLineAndNothingIsWritten() throws IOException {
        Path compose = tmp.resolve("compose.yaml");
        Files.writeString(compose, "# not compose\n- web\n- api\n");
        Path out = tmp.resolve("desired");
        Captured c = Captured.run("import", compose.toString(), "--out", out.toString());
        assertEquals(ExitCodes.FAILED, c.exitCode());
        assertEquals(compose + ":2: expected a mapping of fields, found a list\n"
                + "not imported: 1 problem(s) in " + compose + "; nothing written\n", c.out());
        assertFalse(Files.exists(out));
    }

    @Test
    void aComposeFileWithNothingToDeployWritesNothing() throws IOException {
        Path compose = tmp.resolve("compose.yaml");
        Files.writeString(compose, "services:\n  db:\n    image: postgres:16\n");
        Captured c = Captured.run("import", compose.toString(), "--out", tmp.resolve("desired").toString());
        assertEquals(ExitCodes.FAILED, c.exitCode());
        assertTrue(c.out().contains(compose + ":2: services.db: not mapped: no published host port"), c.out());
        assertTrue(c.out().endsWith("not imported: no service of " + compose + " could be mapped (see above); nothing written\n"), c.out());
        assertFalse(Files.exists(tmp.resolve("desired")));
    }

    @Test
    void aBadServerNameOrAMissingFileIsAUsageError() {
        Captured badServer = Captured.run("import", EXAMPLE, "--out", tmp.toString(), "--server", "../etc");
        assertEquals(ExitCodes.USAGE, badServer.exitCode());
        assertEquals("cutover: --server: '../etc' is not a valid server name\n", badServer.err());
        Captured missing = Captured.run("import", tmp.resolve("nope.yaml").toString(), "--out", tmp.toString());
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertEquals("cutover: " + tmp.resolve("nope.yaml") + " is not a file\n", missing.err());
    }

    private static void assertNoSecretValueIn(String printed, Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                for (String secret : SECRET_VALUES) {
                    assertFalse(text.contains(secret), f + " holds a secret value");
                }
            }
        }
        for (String secret : SECRET_VALUES) {
            assertFalse(printed.contains(secret), "printed a secret value");
        }
    }
}

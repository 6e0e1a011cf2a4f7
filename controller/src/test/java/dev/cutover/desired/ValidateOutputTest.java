package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.Captured;
import dev.cutover.testing.DesiredStateFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover validate} is a PR check on someone else's files: every line it prints is safe for a terminal. */
class ValidateOutputTest {
    @TempDir
    Path tmp;

    @Test
    void problemLinesFromAHostileFolderCarryNoControlCharacters() {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP + "\"\\e[2J\\e[31m\": 1\n")
                .write("apps/\u001b]0;pwned\u0007.yaml", "x: 1")
                .server("s1", "apps:\n  web: {tag: \"v1\\u202e\"}\n");
        Captured c = Captured.run("validate", tmp.toString());
        assertEquals(1, c.exitCode(), c.out() + c.err());
        assertTrue(c.out().contains("/apps/\\x1b]0;pwned\\x07.yaml: file name must be a valid name"), c.out());
        assertTrue(c.out().contains("/apps/web.yaml:8: \\x1b[2J\\x1b[31m: unknown field"), c.out());
        assertTrue(c.out().contains("/servers/s1.yaml:2: apps.web.tag: 'v1\\u202e' is not a valid image tag"), c.out());
        assertFalse(c.out().chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x202e), c.out());
    }

    @Test
    void aLinkInTheFolderIsRefusedWithoutATraceOrItsTarget() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "PLANTED-SECRET-9d2c");
        DesiredStateFolder folder = new DesiredStateFolder(tmp.resolve("ds")).server("s1", "apps: {}\n");
        Files.createSymbolicLink(folder.dir().resolve("apps/web.yaml"), secret);
        Captured c = Captured.run("validate", folder.dir().toString(), "--server", "s1");
        assertEquals(1, c.exitCode(), c.out() + c.err());
        assertTrue(c.out().contains("/apps/web.yaml: not a regular file (symbolic link); refused"), c.out());
        assertFalse(c.out().contains("secret"), c.out());
        assertFalse((c.out() + c.err()).contains("Exception"), c.out() + c.err());
    }
}

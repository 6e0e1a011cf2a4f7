package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written to hurt the loader are each rejected quickly, with a clear error. */
class HostileYamlTest {
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private Problem onlyProblemLoading(String appYaml) {
        new DesiredStateFolder(tmp).app("web", appYaml).server("s1", "apps:\n  web:\n    tag: v1\n");
        InvalidDesiredState e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "s1")));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertEquals("apps/web.yaml", e.problems().get(0).file());
        return e.problems().get(0);
    }

    @Test
    void anAliasBombIsRejected() {
        StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [*").append(p);
            b.append((",*" + p).repeat(8)).append("]\n");
        }
        Problem p = onlyProblemLoading(b.toString());
        assertTrue(p.message().contains("aliases"), p.toString());
    }

    @Test
    void tenThousandLevelsOfNestingAreRejectedWithoutStackOverflow() {
        Problem p = onlyProblemLoading("image: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        assertTrue(p.message().contains("Nesting Depth"), p.toString());
    }

    @Test
    void aFiftyMegabyteDocumentIsRejectedBeforeParsing() throws IOException {
        new DesiredStateFolder(tmp).server("s1", "apps:\n  web:\n    tag: v1\n");
        try (Writer w = Files.newBufferedWriter(tmp.resolve("apps/web.yaml"))) {
            String line = "# " + "x".repeat(1021) + "\n";
            for (int i = 0; i < 50 * 1024; i++) {
                w.write(line);
            }
        }
        InvalidDesiredState e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(InvalidDesiredState.class, () -> DesiredStateLoader.loadServer(tmp, "s1")));
        assertTrue(e.problems().get(0).message().contains("the limit is"), e.problems().toString());
    }

    @Test
    void duplicateKeysAreRejected() {
        Problem p = onlyProblemLoading(DesiredStateFolder.WEB_APP + "image: evil.example/x\n");
        assertEquals("image", p.field());
        assertTrue(p.message().contains("duplicate field (first at line 1)"), p.toString());
    }

    @Test
    void aJavaTypeTagIsNeverConstructed() {
        Problem p = onlyProblemLoading(DesiredStateFolder.WEB_APP
                + "env: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n");
        assertEquals(8, p.line());
        assertTrue(p.message().contains("Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager"), p.toString());
    }

    @Test
    void severalDocumentsInOneFileAreRejected() {
        Problem p = onlyProblemLoading(DesiredStateFolder.WEB_APP + "---\nimage: other\n");
        assertTrue(p.message().contains("expected a single document"), p.toString());
    }
}

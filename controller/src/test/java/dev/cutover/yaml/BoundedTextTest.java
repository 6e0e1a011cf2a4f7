package dev.cutover.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedTextTest {
    @TempDir
    Path tmp;

    @Test
    void aFileWithinTheLimitIsReadWhole() throws Exception {
        Files.writeString(tmp.resolve("f"), "héllo\n");
        assertEquals("héllo\n", BoundedText.read(tmp.resolve("f"), "f", 7).text().orElseThrow());
    }

    @Test
    void aFileOneByteOverTheLimitIsRefused() throws Exception {
        Files.writeString(tmp.resolve("f"), "12345678");
        assertEquals("f: file is larger than 7 bytes; the limit is 7",
                BoundedText.read(tmp.resolve("f"), "f", 7).problem().orElseThrow().toString());
    }

    @Test
    void aMalformedByteIsReportedWithItsLineAndOffset() throws Exception {
        Files.write(tmp.resolve("f"), new byte[] {'a', '\n', 'b', (byte) 0xC3, '(', '\n'});
        assertEquals("f:2: not valid UTF-8 (byte offset 3)",
                BoundedText.read(tmp.resolve("f"), "f", 100).problem().orElseThrow().toString());
    }

    @Test
    void anUnreadableFileSaysWhatKindOfErrorNotThePath() {
        assertEquals("f: cannot read (NoSuchFileException)",
                BoundedText.read(tmp.resolve("nothing/here"), "f", 100).problem().orElseThrow().toString());
    }
}

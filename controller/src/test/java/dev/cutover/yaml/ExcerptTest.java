package dev.cutover.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExcerptTest {
    static Stream<Arguments> values() {
        return Stream.of(
                arguments("plain text", "plain text"),
                arguments("unicode letters café ✓", "unicode letters café ✓"),
                arguments("\u001b[31mred", "\\x1b[31mred"),
                arguments("a\u0000b", "a\\x00b"),
                arguments("line\r\nnext", "line\\x0d\\x0anext"),
                arguments("tab\there", "tab\\x09here"),
                arguments("del\u007f", "del\\x7f"),
                arguments("c1\u009b2J", "c1\\x9b2J"),
                arguments("\u202Egnp.exe", "\\u202egnp.exe"),
                arguments("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
                arguments("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
                arguments("line\u2028sep", "line\\u2028sep"),
                arguments("lone\ud800surrogate", "lone\\ud800surrogate"),
                arguments("tag\uDB40\uDC01", "tag\\U000e0001"));
    }

    @ParameterizedTest(name = "{0} is quoted as {1}")
    @MethodSource("values")
    void controlAndInvisibleCharactersBecomeVisibleEscapes(String value, String quoted) {
        assertEquals(quoted, Excerpt.of(value));
    }

    @Test
    void aLongValueIsCutAtTheLimitAndSaysHowLongItWas() {
        assertEquals("a".repeat(80) + "…(100000 chars)", Excerpt.of("a".repeat(100_000)));
    }

    @Test
    void escapesCountTowardsTheLimitAndAreNeverCutInHalf() {
        String cut = Excerpt.of("\u001b".repeat(30));
        assertEquals("\\x1b".repeat(20) + "…(30 chars)", cut);
    }

    @Test
    void aProblemEscapesAndShortensEveryPartWhateverTheCallerDid() {
        Problem p = new Problem("apps/\u001bx.yaml", 3, "env.\u202e", "found '" + "b".repeat(1000) + "'\n");
        assertEquals("apps/\\x1bx.yaml", p.file());
        assertEquals("env.\\u202e", p.field());
        assertEquals(300 + "…(1009 chars)".length(), p.message().length());
    }
}

package dev.cutover.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlainIntegerTest {
    /** Each row: what a file says, and the words of the hint (null: a plain number, or not a number at all). */
    static Stream<Arguments> spellings() {
        return Stream.of(
                arguments("5670", null),
                arguments("0", null),
                arguments("-1", null),
                arguments("three", null),
                arguments("3000.0", null),
                arguments("05670", "'05670' is read by YAML 1.1 as an octal number; write a plain decimal number like 5670"),
                arguments("09", "octal number; write a plain decimal number like 9"),
                arguments("00", "octal number; write a plain decimal number like 0"),
                arguments("50:00", "'50:00' is read by YAML 1.1 as a sexagesimal (base 60) number"),
                arguments("1:02:03", "sexagesimal"),
                arguments("0x1F", "'0x1F' is a hexadecimal, octal or binary number"),
                arguments("0o17", "hexadecimal, octal or binary"),
                arguments("0b101", "hexadecimal, octal or binary"),
                arguments("1_000", "'1_000' uses _ which YAML 1.1 ignores in numbers; write a plain decimal number like 1000"),
                arguments("+5", "'+5' has a sign YAML 1.1 reads specially; write a plain decimal number like 5"));
    }

    @ParameterizedTest(name = "{0} gets the hint: {1}")
    @MethodSource("spellings")
    void numbersYaml11ReadsDifferentlyGetAHint(String text, String hint) {
        String surprise = PlainInteger.surprise(text);
        if (hint == null) {
            assertEquals(null, surprise);
        } else {
            assertEquals(true, surprise != null && surprise.contains(hint), surprise);
        }
    }
}

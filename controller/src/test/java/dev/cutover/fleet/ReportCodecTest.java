package dev.cutover.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportCodecTest {
    static final ServerReport REPORT = new ServerReport("s1", Instant.parse("2026-12-06T12:00:00Z"),
            "0123456789abcdef0123456789abcdef01234567", List.of(
            new AppReport("web", Optional.of("v1"), AppReport.State.FAILED, "v2", Optional.of(Instant.parse("2026-12-06T11:00:00Z")),
                    1, false, Optional.of("v2"), Optional.of("9f8e7d"), "flipped back: 5xx 40% (12 of 30) \n next line"),
            new AppReport("api", Optional.empty(), AppReport.State.WAITING, "v7", Optional.empty(), 2, true,
                    Optional.empty(), Optional.empty(), "")));

    @Test
    void aReportReadsBackAsWrittenWithItsReasonOnOneLine() {
        String text = ReportCodec.write(REPORT);
        ServerReport back = ((ReportCodec.Valid) ReportCodec.read(text.getBytes(StandardCharsets.UTF_8), "s1")).report();
        assertEquals(REPORT.apps().get(1), back.apps().get(1));
        assertEquals("flipped back: 5xx 40% (12 of 30)   next line", back.apps().get(0).why());
        assertEquals(REPORT.revision(), back.revision());
        assertTrue(text.lines().allMatch(l -> l.length() < 1000), text);
    }

    @Test
    void aReasonFromAnotherServerCannotMoveTheCursorOrReorderTheTerminalsText() {
        String hostile = ReportCodec.write(REPORT).replace("why=flipped", "why=%C2%9B2J%E2%80%AEdesrever%E2%80%8Bflipped");
        ServerReport back = ((ReportCodec.Valid) ReportCodec.read(hostile.getBytes(StandardCharsets.UTF_8), "s1")).report();
        assertEquals("\\x9b2J\\u202edesrever\\u200bflipped back: 5xx 40% (12 of 30)   next line", back.apps().get(0).why());
    }

    @Test
    void aLongReasonIsCutToTheLimitAndReadsBackUnchanged() {
        String why = ReportCodec.shorten("\u202e".repeat(300));
        assertEquals(ReportCodec.MAX_WHY, why.length());
        assertEquals(why, ReportCodec.shorten(why));
    }

    static Stream<Arguments> hostileReports() {
        String good = ReportCodec.write(REPORT);
        return Stream.of(
                Arguments.of("another server's name", good, "s2", "names server s1"),
                Arguments.of("no magic line", good.replace("cutover-status 1", "hello"), "s1", "not a Cutover status report"),
                Arguments.of("a tag with a newline trick", good.replace("tag=v1", "tag=v1;rm"), "s1", "tag is missing or not valid"),
                Arguments.of("an unknown state", good.replace("state=failed", "state=exploded"), "s1", "unknown state"),
                Arguments.of("a bad time", good.replace("at 2026-12-06T12:00:00Z", "at yesterday"), "s1", "yesterday"),
                Arguments.of("a key twice", good.replace("wave=1", "tag=v9"), "s1", "a key twice"),
                Arguments.of("a huge report", good + "x".repeat(ReportCodec.MAX_BYTES), "s1", "larger than"),
                Arguments.of("an app line that is not one", good + "app ../x\n", "s1", "not an app line"));
    }

    @ParameterizedTest(name = "a report with {0} is dropped whole")
    @MethodSource("hostileReports")
    void aReportThatFailsAnyCheckIsDroppedWhole(String name, String text, String server, String words) {
        ReportCodec.Read read = ReportCodec.read(text.getBytes(StandardCharsets.UTF_8), server);
        ReportCodec.Invalid invalid = assertInstanceOf(ReportCodec.Invalid.class, read, name);
        assertTrue(invalid.why().contains(words), invalid.why());
    }
}

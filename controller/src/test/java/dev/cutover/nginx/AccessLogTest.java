package dev.cutover.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.traffic.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // line; client status; attempts as address/status/millis
            "v1|1700000000.123|app|200|127.0.0.1:4001|200|0.004; 200; 127.0.0.1:4001/200/4",
            "v1|1700000000.123|app|200|127.0.0.1:4001, 127.0.0.1:4000|502, 200|0.000, 0.010; 200; 127.0.0.1:4001/502/0 127.0.0.1:4000/200/10",
            "v1|1700000000.123|app|504|127.0.0.1:4001|504|60.001; 504; 127.0.0.1:4001/504/60001",
            "v1|1700000000.123|app|502|app|-|-; 502; app/0/-1",
            "v1|1700000000.123|app|499|127.0.0.1:4001|-|-; 499; 127.0.0.1:4001/0/-1",
            "v1|1700000000.123|app|200|127.0.0.1:4001 : 127.0.0.1:4000|200 : 200|0.001 : 0.002; 200; 127.0.0.1:4001/200/1 127.0.0.1:4000/200/2",
            "v1|1700000000.123|app|404|-|-|-; 404; ''",
    })
    void aLineInCutoversFormatIsReadIntoTheAttemptsNginxMade(String line, int status, String attempts) {
        Request r = AccessLog.parse(line).orElseThrow();
        assertEquals(1700000000123L, r.endedMillis());
        assertEquals("app", r.upstream());
        assertEquals(status, r.status());
        assertEquals(attempts, String.join(" ", r.attempts().stream().map(a -> a.address() + "/" + a.status() + "/" + a.millis()).toList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12",
            "v2|1|app|200|a|200|0.1",
            "v1|x|app|200|a|200|0.1",
            "v1|1|app|200|a|200",
            "v1|1|app|2xx|a|200|0.1",
    })
    void aLineInAnotherFormatIsSkipped(String line) {
        assertEquals(Optional.empty(), AccessLog.parse(line));
    }

    @Test
    void followingTheLogReturnsOnlyWholeNewLinesAndFollowsARotation() throws Exception {
        Path file = tmp.resolve("access.log");
        Files.writeString(file, "v1|1.000|app|200|a:1|200|0.001\nv1|2.000|app|200|a:1|200|0.001\n");
        AccessLog log = AccessLog.open(file, 1 << 20).orElseThrow();
        assertEquals(2, log.readNew().size(), "the lookback returns what came before");
        Files.writeString(file, "v1|3.000|app|500|a:1|500|0.001\nv1|4.000|app|2", StandardOpenOption.APPEND);
        List<Request> next = log.readNew();
        assertEquals(1, next.size(), "a half-written line waits");
        assertEquals(500, next.get(0).status());
        Files.writeString(file, "00|a:1|200|0.001\n", StandardOpenOption.APPEND);
        assertEquals(4000L, log.readNew().get(0).endedMillis());
        Files.move(file, tmp.resolve("access.log.1"));
        Files.writeString(file, "v1|5.000|app|200|a:1|200|0.001\n");
        assertEquals(5000L, log.readNew().get(0).endedMillis(), "a rotated log is read from its start");
        // Truncated (copytruncate) and written again, less than before by the next poll.
        Files.writeString(file, "v1|6.000|app|200|a:1|200|0\n");
        assertEquals(6000L, log.readNew().get(0).endedMillis(), "a truncated log is read from its start");
    }

    @Test
    void aLookbackThatStartsMidLineSkipsThatLine() throws Exception {
        Path file = tmp.resolve("access.log");
        Files.writeString(file, "v1|1.000|app|200|a:1|200|0.001\nv1|2.000|app|200|a:1|200|0.001\n");
        AccessLog log = AccessLog.open(file, 40).orElseThrow();
        List<Request> first = log.readNew();
        assertEquals(List.of(2000L), first.stream().map(Request::endedMillis).toList());
    }

    @Test
    void noLogFileMeansNothingToFollow() {
        assertTrue(AccessLog.open(tmp.resolve("missing.log"), 100).isEmpty());
    }

    @Test
    void theFormatFileShippedForNginxIsTheOneCutoverWrites() throws Exception {
        assertEquals(AccessLog.FORMAT_FILE, Files.readString(Path.of("../nginx/cutover-log-format.conf")));
    }
}

package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    @Test
    void aStalledAppShowsWhyItsLastDeployFailedWithoutJson() throws Exception {
        String json = """
                {"apps": [
                  {"app": "web", "reason": "stalled", "state": "stalled: v9 failed its health gate; waiting"},
                  {"app": "api", "reason": "converged", "state": "v3 live on blue, converged"}],
                 "deploys": [
                  {"app": "web", "tag": "v9", "result": "failed", "detail": "health: v9 on green failed its health gate: exited with code 3"},
                  {"app": "web", "tag": "v8", "result": "failed", "detail": "an older failure"},
                  {"app": "api", "tag": "v2", "result": "failed", "detail": "not stalled now, not shown"}]}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            StatusCommand.printWhyStalled(new ObjectMapper().readTree(json));
        } finally {
            System.setOut(before);
        }
        assertEquals("web: v9 failed: health: v9 on green failed its health gate: exited with code 3\n", out.toString(StandardCharsets.UTF_8));
    }
}

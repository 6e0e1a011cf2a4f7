package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.yaml.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An app file's {@code workers}: what they read as, and each mistake with its file, line and field. */
class WorkerFieldsTest {
    /** The first line after the base app file and {@code workers:}. */
    private static final int LINE = 9;

    @TempDir
    Path tmp;

    private List<Worker> load(String workerLines) throws InvalidDesiredState {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP + "workers:\n" + workerLines)
                .server("s1", "apps:\n  web:\n    tag: v1\n");
        return DesiredStateLoader.loadServer(tmp, ".", "s1", HostPolicy.LOOPBACK_ONLY).app("web").orElseThrow().spec().workers();
    }

    @Test
    void workersHaveTheirCommandAndDefaultsAndKeepTheirOrder() throws Exception {
        assertEquals(List.of(
                        new Worker("jobs", List.of("bin/jobs"), false, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10)),
                        new Worker("cron", List.of("sh", "-c", "crond -f"), true, Duration.ofSeconds(2), Duration.ofSeconds(30),
                                Duration.ofSeconds(45), Optional.of(List.of("bin/ready", "cron")))),
                load("  jobs: {command: [bin/jobs]}\n  cron:\n    command: [sh, -c, crond -f]\n    singleton: true\n"
                        + "    settle: 2s\n    deadline: 30s\n    stopTimeout: 45s\n    check: {command: [bin/ready, cron]}\n"));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("workers as a list", "  - jobs\n", LINE, "workers", "expected a mapping of process name"),
                arguments("a worker without a command", "  jobs: {singleton: true}\n", LINE, "workers.jobs.command", "required"),
                arguments("a command as a shell string", "  jobs: {command: \"bin/jobs --all\"}\n", LINE, "workers.jobs.command",
                        "a single string would need a shell"),
                arguments("an empty command", "  jobs: {command: []}\n", LINE, "workers.jobs.command", "an empty list"),
                arguments("a worker named like a colour", "  blue: {command: [x]}\n", LINE, "workers.blue", "reserved"),
                arguments("a worker name with capitals", "  Jobs: {command: [x]}\n", LINE, "workers.Jobs", "a process name is 1 to 30"),
                arguments("a worker as a string", "  jobs: bin/jobs\n", LINE, "workers.jobs", "expected a mapping"),
                arguments("singleton not a boolean", "  jobs: {command: [x], singleton: sometimes}\n", LINE, "workers.jobs.singleton", ""),
                arguments("a settle over ten minutes", "  jobs: {command: [x], settle: 1h}\n", LINE, "workers.jobs.settle", "between"),
                arguments("an unknown field", "  jobs: {command: [x], replicas: 2}\n", LINE, "workers.jobs.replicas", "unknown field"),
                arguments("a check as a shell string", "  jobs: {command: [x], check: {command: \"pgrep jobs\"}}\n", LINE,
                        "workers.jobs.check.command", "a single string would need a shell"),
                arguments("a check without its command", "  jobs: {command: [x], check: {}}\n", LINE, "workers.jobs.check.command",
                        "required"));
    }

    @ParameterizedTest(name = "{0} is reported with its line and field")
    @MethodSource("mistakes")
    void eachMistakeInAWorkerIsReportedWithItsLineAndField(String name, String lines, int line, String field, String words) {
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> load(lines));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field) && x.message().contains(words)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + field + "' problem saying '" + words + "' in " + e.problems()));
        assertEquals("apps/web.yaml", p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
    }
}

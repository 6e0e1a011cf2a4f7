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

/** The {@code release} field of an app file: what it reads as, and each mistake with its file, line and field. */
class ReleaseFieldTest {
    /** The first line after the base app file. */
    private static final int LINE = 8;

    @TempDir
    Path tmp;

    private Optional<Release> load(String extra) throws InvalidDesiredState {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP + extra).server("s1", "apps:\n  web:\n    tag: v1\n");
        return DesiredStateLoader.loadServer(tmp, ".", "s1", HostPolicy.LOOPBACK_ONLY).app("web").orElseThrow().spec().release();
    }

    @Test
    void anAppWithoutAReleaseHasNone() throws Exception {
        assertEquals(Optional.empty(), load(""));
    }

    @Test
    void aReleaseIsAnArgumentListWithATimeoutOfFiveMinutesUnlessSaid() throws Exception {
        assertEquals(Optional.of(new Release(List.of("bin/migrate", "up"), Duration.ofMinutes(5))),
                load("release: {command: [bin/migrate, up]}\n"));
        assertEquals(Optional.of(new Release(List.of("sh", "-c", "echo $X; x"), Duration.ofSeconds(90))),
                load("release:\n  command: [sh, -c, \"echo $X; x\"]\n  timeout: 90s\n"));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("a release as a shell string", "release: bin/migrate up\n", LINE, "release", "expected a mapping"),
                arguments("a release without its command", "release: {timeout: 5m}\n", LINE, "release.command", "required"),
                arguments("a command as a shell string", "release: {command: \"bin/migrate up\"}\n", LINE, "release.command",
                        "a single string would need a shell"),
                arguments("an empty command", "release: {command: []}\n", LINE, "release.command", "an empty list"),
                arguments("a timeout over an hour", "release: {command: [x], timeout: 2h}\n", LINE, "release.timeout",
                        "between 1s and 60m"),
                arguments("a timeout without a unit", "release: {command: [x], timeout: 300}\n", LINE, "release.timeout", ""),
                arguments("an unknown field", "release: {command: [x], retries: 3}\n", LINE, "release.retries", "unknown field"));
    }

    @ParameterizedTest(name = "{0} is reported with its line and field")
    @MethodSource("mistakes")
    void eachMistakeInAReleaseIsReportedWithItsLineAndField(String name, String extra, int line, String field, String words) {
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> load(extra));
        Problem p = e.problems().stream().filter(x -> x.field().equals(field) && x.message().contains(words)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + field + "' problem saying '" + words + "' in " + e.problems()));
        assertEquals("apps/web.yaml", p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
    }
}

package dev.cutover.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `cutover rollback --commit` edits one value of a server file in place and nothing else. */
class ServerTagTest {
    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("a plain value",
                        "apps:\n  web:\n    tag: v3\n", "apps:\n  web:\n    tag: v2\n"),
                Arguments.of("comments, other apps and fields stay as they were",
                        "# production\napps:\n  api:\n    tag: v3  # not this one\n  web:\n    tag: v3   # deployed on Monday\n    env: {A: b}\n",
                        "# production\napps:\n  api:\n    tag: v3  # not this one\n  web:\n    tag: v2   # deployed on Monday\n    env: {A: b}\n"),
                Arguments.of("a double-quoted value keeps its quotes",
                        "apps:\n  web:\n    tag: \"v3\"\n", "apps:\n  web:\n    tag: \"v2\"\n"),
                Arguments.of("a single-quoted value keeps its quotes",
                        "apps:\n  web:\n    tag: 'v3'\n", "apps:\n  web:\n    tag: 'v2'\n"),
                Arguments.of("flow style",
                        "apps:\n  web: {tag: v3, bind: 127.0.0.1}\n", "apps:\n  web: {tag: v2, bind: 127.0.0.1}\n"),
                Arguments.of("a longer value is replaced whole, with text after it on the line kept",
                        "apps:\n  web: {tag: release-2024.10.3}\n", "apps:\n  web: {tag: v2}\n"),
                Arguments.of("characters beyond ASCII before the value do not shift it",
                        "# déploiement 🚀\napps:\n  web:\n    tag: v3\n", "# déploiement 🚀\napps:\n  web:\n    tag: v2\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void setsOnlyTheAppsTagValue(String name, String before, String after) throws InvalidDesiredState {
        assertEquals(after, ServerTag.set(before, "servers/s1.yaml", "web", "v2"));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("the app is not in the file", "apps:\n  api:\n    tag: v3\n",
                        "servers/s1.yaml: apps.web.tag: not found as a plain value; set it by hand"),
                Arguments.of("an alias points elsewhere", "x: &t v3\napps:\n  web:\n    tag: *t\n",
                        "servers/s1.yaml:1: apps.web.tag: not a one-line value right after its key; set it by hand"),
                Arguments.of("an anchor sits between key and value", "apps:\n  web:\n    tag: &t v3\n",
                        "servers/s1.yaml:3: apps.web.tag: not a one-line value right after its key; set it by hand"),
                Arguments.of("a block scalar", "apps:\n  web:\n    tag: |\n      v3\n",
                        "servers/s1.yaml:3: apps.web.tag: not a one-line value right after its key; set it by hand"),
                Arguments.of("not YAML", "apps: [\n", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatItCannotEditSafelyInPlace(String name, String text, String expected) {
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class, () -> ServerTag.set(text, "servers/s1.yaml", "web", "v2"));
        if (expected != null) {
            assertEquals(expected, e.problems().get(0).toString());
        }
    }

    @Test
    void anInvalidTagIsNeverWritten() {
        InvalidDesiredState e = assertThrows(InvalidDesiredState.class,
                () -> ServerTag.set("apps:\n  web:\n    tag: v3\n", "servers/s1.yaml", "web", "v2\n  api: {tag: x}"));
        assertEquals("servers/s1.yaml: apps.web.tag: 'v2\\x0a  api: {tag: x}' is not a valid image tag", e.problems().get(0).toString());
    }
}

package dev.cutover.compose;

import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What an import has to say about the compose file, as {@code file:line: field: message}
 * lines: notes (something was not mapped, or mapped by a choice the reader should check;
 * the import goes on) and problems (the file cannot be read as compose; nothing is written).
 */
final class Report {
    private final String file;
    private final List<Problem> notes = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    Report(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void note(Node at, String field, String message) {
        notes.add(new Problem(file, Fields.line(at), field, message));
    }

    /** Something compose has and Cutover does not take over, with why or what to do instead. */
    void notMapped(Node at, String field, String why) {
        note(at, field, "not mapped: " + why);
    }

    List<Problem> notes() {
        return notes;
    }

    /** The list {@link Fields} adds its problems to. */
    List<Problem> problems() {
        return problems;
    }
}

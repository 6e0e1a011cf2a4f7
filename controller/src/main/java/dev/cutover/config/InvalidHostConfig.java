package dev.cutover.config;

import dev.cutover.yaml.Problem;
import java.util.List;

/** The host config file has problems; every one of them is listed. */
public final class InvalidHostConfig extends Exception {
    private final List<Problem> problems;

    public InvalidHostConfig(List<Problem> problems) {
        this(problems.stream().map(InvalidHostConfig::oneLine).toList(), true);
    }

    private InvalidHostConfig(List<Problem> safe, boolean ignored) {
        super("invalid host config: " + safe.get(0) + (safe.size() > 1 ? " (and " + (safe.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(safe);
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * Every problem stays one line on a terminal or in a journal, whatever a value quoted in it
     * held: control characters are escaped here once more, whoever built the message.
     */
    private static Problem oneLine(Problem p) {
        return new Problem(Printable.escapeControls(p.file()), p.line(), Printable.escapeControls(p.field()),
                Printable.escapeControls(p.message()));
    }
}

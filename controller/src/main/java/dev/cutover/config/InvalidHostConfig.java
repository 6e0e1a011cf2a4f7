package dev.cutover.config;

import dev.cutover.yaml.Problem;
import java.util.List;

/**
 * The host config file has problems; every one of them is listed. Each stays one line on a
 * terminal or in a journal, whatever a value quoted in it held: {@link Problem} escapes and
 * bounds its parts, whoever built the message.
 */
public final class InvalidHostConfig extends Exception {
    private final List<Problem> problems;

    public InvalidHostConfig(List<Problem> problems) {
        super("invalid host config: " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}

package dev.cutover.desired;

import dev.cutover.yaml.Problem;

import java.util.List;

/** Thrown when the desired state has problems; carries every one of them, not only the first. */
public final class InvalidDesiredState extends Exception {
    private final List<Problem> problems;

    public InvalidDesiredState(List<Problem> problems) {
        super(problems.size() + " problem(s) in the desired state, first: " + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}

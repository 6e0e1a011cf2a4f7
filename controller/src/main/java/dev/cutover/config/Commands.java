package dev.cutover.config;

import java.util.List;
import java.util.Optional;

/**
 * nginx's test and reload commands: argument lists run without a shell, so the only rules are
 * that each argument is one line of text and the program is an absolute path or a name looked
 * up on PATH (never relative to wherever Cutover was started).
 */
final class Commands {
    private Commands() {
    }

    static Optional<String> check(List<String> command) {
        if (command.isEmpty()) {
            return Optional.of("the command needs at least the program to run");
        }
        String program = command.get(0);
        boolean bareName = !program.contains("/") && !program.equals(".") && !program.equals("..") && !program.startsWith("-");
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg.isEmpty()) {
                return Optional.of("argument " + i + " is empty");
            }
            if (Printable.hasControl(arg)) {
                return Optional.of("argument " + i + " " + Printable.quote(arg) + " must be one line without control characters");
            }
        }
        if (!program.startsWith("/") && !bareName) {
            return Optional.of("the program " + Printable.quote(program) + " must be an absolute path or a bare name found on PATH");
        }
        return Optional.empty();
    }
}

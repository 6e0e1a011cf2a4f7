package dev.cutover.desired;

import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads an app file's {@code workers}: a mapping of process name to its command and settings. */
final class WorkerFields {
    static final Set<String> FIELDS = AppFile.orderedSet("command", "singleton", "settle", "deadline", "stopTimeout", "check");
    static final Set<String> CHECK_FIELDS = AppFile.orderedSet("command");
    /** Names a worker cannot have: they would read as a colour's or the release's container. */
    private static final Set<String> RESERVED = Set.of("blue", "green", "release", "kept");

    private WorkerFields() {
    }

    static List<Worker> read(Fields f, Duration appStopTimeout, List<Problem> problems) {
        if (!f.has("workers")) {
            return List.of();
        }
        Node node = f.node("workers").get();
        if (!(node instanceof MappingNode)) {
            f.problem(node, "workers", "expected a mapping of process name to {command: [...]}, found " + Fields.kind(node));
            return List.of();
        }
        Fields all = new Fields(f.file(), "workers", node, null, problems);
        List<Worker> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : all.entries().entrySet()) {
            String name = e.getKey();
            String path = "workers." + Names.printable(name);
            if (!Names.NAME.matcher(name).matches() || name.length() > 30) {
                all.problem(all.keyNode(name), path, "a process name is 1 to 30 of a-z, 0-9 and '-', found '" + Names.printable(name) + "'");
                continue;
            }
            if (RESERVED.contains(name)) {
                all.problem(all.keyNode(name), path, "'" + name + "' is reserved; name the process after what it does");
                continue;
            }
            if (out.size() == Worker.MAX_WORKERS) {
                all.problem(all.keyNode(name), path, "at most " + Worker.MAX_WORKERS + " worker processes");
                break;
            }
            Fields w = new Fields(f.file(), path, e.getValue(), FIELDS, problems);
            // Fields has said it when the process is not a mapping.
            if (!(e.getValue() instanceof MappingNode) || w.required("command").isEmpty()) {
                continue;
            }
            List<String> command = ContainerFields.arguments(w, "command");
            if (command.isEmpty()) {
                if (w.node("command").filter(n -> !(n instanceof ScalarNode)).isPresent()) {
                    w.problem(w.node("command").get(), w.path("command"), "an empty list: name the program to run");
                }
                continue;
            }
            boolean singleton = w.flag("singleton").orElse(false);
            Duration settle = AppFile.bounded(w, "settle", Worker.DEFAULT_SETTLE, Duration.ZERO, Duration.ofMinutes(10));
            Duration deadline = AppFile.bounded(w, "deadline", Worker.DEFAULT_DEADLINE, Duration.ofSeconds(1), Duration.ofHours(1));
            Duration stop = AppFile.bounded(w, "stopTimeout", appStopTimeout, Duration.ZERO, Duration.ofMinutes(10));
            Optional<List<String>> check = check(w, problems);
            out.add(new Worker(name, command, singleton, settle, deadline, stop, check));
        }
        return out;
    }

    /** {@code check: {command: [...]}}: a command run inside the new worker once it has settled. */
    private static Optional<List<String>> check(Fields w, List<Problem> problems) {
        if (!w.has("check")) {
            return Optional.empty();
        }
        Fields c = new Fields(w.file(), w.path("check"), w.node("check").get(), CHECK_FIELDS, problems);
        if (!(w.node("check").get() instanceof MappingNode) || c.required("command").isEmpty()) {
            return Optional.empty();
        }
        List<String> command = ContainerFields.arguments(c, "command");
        if (command.isEmpty() && c.node("command").filter(n -> !(n instanceof ScalarNode)).isPresent()) {
            c.problem(c.node("command").get(), c.path("command"), "an empty list: name the program to run");
        }
        return command.isEmpty() ? Optional.empty() : Optional.of(command);
    }
}

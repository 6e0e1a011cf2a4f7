package dev.cutover.compose;

import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Refuses a compose file that tags any node ({@code !custom {...}}, {@code !!set}): compose
 * files are plain YAML, and a tag is either a mistake or an attempt to make some loader build
 * an object. The whole tree is checked once, each node once however many aliases reach it,
 * before anything is mapped; the merge key {@code <<} is the one tag a key may carry.
 */
final class PlainTags {
    /** A few are enough to show what is wrong; the rest would only repeat it. */
    private static final int MAX_REPORTED = 10;

    private PlainTags() {
    }

    /** Adds a problem for each tagged node (up to {@link #MAX_REPORTED}); true when there was none. */
    static boolean check(Node root, Report report) {
        int before = report.problems().size();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty() && report.problems().size() - before < MAX_REPORTED) {
            Node n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (!SafeYaml.PLAIN_TAGS.contains(n.getTag())) {
                report.problems().add(new Problem(report.file(), Fields.line(n), "",
                        "tag " + Excerpt.of(n.getTag().getValue()) + " is not allowed; plain YAML only"));
            }
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (!Tag.MERGE.equals(t.getKeyNode().getTag())) {
                        todo.push(t.getKeyNode());
                    }
                    todo.push(t.getValueNode());
                }
            } else if (n instanceof SequenceNode s) {
                s.getValue().forEach(todo::push);
            }
        }
        return report.problems().size() == before;
    }
}

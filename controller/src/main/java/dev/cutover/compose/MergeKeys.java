package dev.cutover.compose;

import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Compose files share settings between services with YAML merge keys
 * ({@code x-app: &app {...}} then {@code <<: *app}); both colours of one app often do. The
 * safe loader keeps the node tree as written, so merges are expanded here, on the node tree,
 * one mapping at a time: keys written in the mapping win, then the merged mappings in order.
 * A mapping that merges itself is a problem, not a loop.
 */
final class MergeKeys {
    private MergeKeys() {
    }

    /** The fields of a compose mapping, merges expanded; anything but a mapping is a problem. */
    static Fields fields(String file, String prefix, Node node, List<Problem> problems) {
        Node flat = flatten(node, file, prefix, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        return new Fields(file, prefix, flat, null, problems);
    }

    private static Node flatten(Node node, String file, String field, List<Problem> problems, Set<Node> open) {
        if (!(node instanceof MappingNode mapping) || mapping.getValue().stream().noneMatch(MergeKeys::isMerge)) {
            return node;
        }
        if (!open.add(node)) {
            problems.add(new Problem(file, Fields.line(node), field, "a merge key (<<) refers to the mapping it is in"));
            return node;
        }
        List<NodeTuple> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<NodeTuple> merges = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            if (isMerge(t)) {
                merges.add(t);
            } else {
                out.add(t);
                if (t.getKeyNode() instanceof ScalarNode key) {
                    seen.add(key.getValue());
                }
            }
        }
        for (NodeTuple merge : merges) {
            Node value = merge.getValueNode();
            List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
            for (Node source : sources) {
                if (!(source instanceof MappingNode)) {
                    problems.add(new Problem(file, Fields.line(source), field,
                            "a merge key (<<) takes a mapping or a list of mappings, found " + Fields.kind(source)));
                    continue;
                }
                MappingNode flat = (MappingNode) flatten(source, file, field, problems, open);
                for (NodeTuple t : flat.getValue()) {
                    if (!isMerge(t) && (!(t.getKeyNode() instanceof ScalarNode key) || seen.add(key.getValue()))) {
                        out.add(t);
                    }
                }
            }
        }
        open.remove(node);
        return new MappingNode(mapping.getTag(), true, out, mapping.getStartMark(), mapping.getEndMark(), mapping.getFlowStyle());
    }

    private static boolean isMerge(NodeTuple t) {
        return Tag.MERGE.equals(t.getKeyNode().getTag());
    }
}

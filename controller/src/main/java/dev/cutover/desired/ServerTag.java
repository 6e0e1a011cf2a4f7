package dev.cutover.desired;

import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One app's {@code tag:} in a server file, changed in place for {@code cutover rollback --commit}:
 * only the characters of the value are replaced, so comments, order, quoting and layout stay
 * as the people who wrote the file left them, and the commit is a one-line diff.
 */
public final class ServerTag {
    private ServerTag() {
    }

    /**
     * {@code text} (a server file, named {@code label} in errors) with {@code apps.<app>.tag} set
     * to {@code tag}; a value that cannot be edited safely in place (missing, a block scalar, an
     * alias or anchor) is refused rather than guessed at.
     */
    public static String set(String text, String label, String app, String tag) throws InvalidDesiredState {
        String field = "apps." + app + ".tag";
        if (!Names.TAG.matcher(tag).matches()) {
            throw invalid(label, 0, field, "'" + Excerpt.of(tag) + "' is not a valid image tag");
        }
        SafeYaml.Parsed parsed = SafeYaml.parse(text, label);
        if (parsed.problem().isPresent()) {
            throw new InvalidDesiredState(List.of(parsed.problem().get()));
        }
        Optional<NodeTuple> entry = tagEntry(parsed.root().get(), app);
        if (entry.isEmpty() || !(entry.get().getValueNode() instanceof ScalarNode value)) {
            throw invalid(label, 0, field, "not found as a plain value; set it by hand");
        }
        int line = value.getStartMark().getLine() + 1;
        int keyEnd = offset(text, entry.get().getKeyNode().getEndMark().getIndex());
        int start = offset(text, value.getStartMark().getIndex());
        int end = offset(text, value.getEndMark().getIndex());
        boolean quoted = value.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED
                || value.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        if (quoted) {
            start++;
            end--;
        }
        // The value must follow its own key (an alias's marks point at the anchor, elsewhere) and
        // be written as it reads (no anchor, no escapes), so replacing it changes nothing else.
        if (!(quoted || value.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) || start < keyEnd || end < start
                || !text.substring(keyEnd, start).matches("[ \\t]*:[ \\t]*[\"']?")
                || !text.substring(start, end).equals(value.getValue())) {
            throw invalid(label, line, field, "not a one-line value right after its key; set it by hand");
        }
        String edited = text.substring(0, start) + tag + text.substring(end);
        // Read back: the edit must have changed exactly this value to exactly this tag.
        Optional<String> after = SafeYaml.parse(edited, label).root().flatMap(r -> tagEntry(r, app))
                .map(NodeTuple::getValueNode).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
        if (!after.equals(Optional.of(tag))) {
            throw invalid(label, line, field, "could not be set in place; set it by hand");
        }
        return edited;
    }

    private static Optional<NodeTuple> tagEntry(Node root, String app) {
        return entry(root, "apps").flatMap(apps -> entry(apps.getValueNode(), app)).flatMap(a -> entry(a.getValueNode(), "tag"));
    }

    private static Optional<NodeTuple> entry(Node mapping, String key) {
        if (!(mapping instanceof MappingNode m)) {
            return Optional.empty();
        }
        return m.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)).findFirst();
    }

    /** SnakeYAML's marks count code points; Java strings count UTF-16 units. */
    private static int offset(String text, int codePoints) {
        return text.offsetByCodePoints(0, codePoints);
    }

    private static InvalidDesiredState invalid(String label, int line, String field, String message) {
        return new InvalidDesiredState(List.of(new Problem(label, line, field, message)));
    }
}

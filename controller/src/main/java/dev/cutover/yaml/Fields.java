package dev.cutover.yaml;


import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the fields of one YAML mapping, recording a {@link Problem} (file, line, field) for
 * every unknown, duplicate, missing or mistyped field instead of stopping at the first.
 * Accessors return {@link Optional#empty()} when the field is absent or wrong, so the caller
 * applies its default and carries on collecting problems.
 */
public final class Fields {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private final String file;
    private final String prefix;
    private final Node node;
    private final List<Problem> problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    /**
     * @param prefix the dotted path of this mapping within the file ("" at the top), so
     *               errors say {@code health.timeout}, not just {@code timeout}
     */
    public Fields(String file, String prefix, Node node, Set<String> known, List<Problem> problems) {
        this.file = file;
        this.prefix = prefix;
        this.node = node;
        this.problems = problems;
        if (!(node instanceof MappingNode mapping)) {
            problem(node, prefix, "expected a mapping of fields, found " + kind(node));
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !checkTag(keyNode, prefix)) {
                problem(keyNode, prefix, "field names must be plain strings");
                continue;
            }
            String name = key.getValue();
            if (entries.containsKey(name)) {
                problem(keyNode, path(name), "duplicate field (first at line " + line(entries.get(name).getKeyNode()) + ")");
            } else if (known != null && !known.contains(name)) {
                problem(keyNode, path(name), "unknown field; known fields here: " + String.join(", ", known));
            } else {
                entries.put(name, tuple);
            }
        }
    }

    /** Stands in for an optional section that is absent, so its defaults apply. */
    public static Node emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    public String file() {
        return file;
    }

    /** All entries of a free-form mapping (env, apps), in file order. */
    public Map<String, Node> entries() {
        Map<String, Node> out = new LinkedHashMap<>();
        entries.forEach((k, t) -> out.put(k, t.getValueNode()));
        return out;
    }

    public Node keyNode(String name) {
        return entries.get(name).getKeyNode();
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The dotted path of a field; a name from the file is quoted through {@link Excerpt}. */
    public String path(String name) {
        String safe = Excerpt.of(name);
        return prefix.isEmpty() ? safe : prefix + "." + safe;
    }

    public int lineOf(String name) {
        NodeTuple t = entries.get(name);
        return t == null ? line(node) : line(t.getValueNode());
    }

    public Optional<Node> node(String name) {
        NodeTuple t = entries.get(name);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    /** A required field: absent is a problem at the mapping's line. */
    public Optional<Node> required(String name) {
        if (!entries.containsKey(name)) {
            problem(node, path(name), "required field is missing");
            return Optional.empty();
        }
        return node(name);
    }

    public Optional<String> string(String name, boolean required) {
        return (required ? required(name) : node(name)).flatMap(n -> scalarText(n, path(name)));
    }

    public Optional<Integer> integer(String name, boolean required) {
        return (required ? required(name) : node(name)).flatMap(n -> {
            Optional<String> text = scalarText(n, path(name));
            if (text.isEmpty()) {
                return Optional.empty();
            }
            // YAML 1.1 reads 05670, 50:00, 0x1F, 1_000 and +5 as numbers a person did not
            // mean; only a plain (unquoted) scalar is read that way, so only it gets the hint.
            String surprise = ((ScalarNode) n).isPlain() ? PlainInteger.surprise(text.get()) : null;
            if (surprise != null) {
                problem(n, path(name), surprise);
                return Optional.empty();
            }
            if (!Tag.INT.equals(n.getTag()) || !PlainInteger.isPlain(text.get())) {
                problem(n, path(name), "expected a whole number, found '" + Excerpt.of(text.get()) + "'");
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(text.get()));
            } catch (NumberFormatException e) {
                problem(n, path(name), "number out of range: " + Excerpt.of(text.get()));
                return Optional.empty();
            }
        });
    }

    public Optional<Duration> duration(String name) {
        return node(name).flatMap(n -> scalarText(n, path(name))).flatMap(text -> {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                problem(entries.get(name).getValueNode(), path(name),
                        "expected a duration like 500ms, 2s, 1m or 1h, found '" + Excerpt.of(text) + "'");
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        });
    }

    /**
     * A true/false field: only the words {@code true} and {@code false}, so YAML 1.1's
     * {@code yes}, {@code on} or {@code 1} are not guessed at.
     */
    public Optional<Boolean> flag(String name) {
        Optional<Node> n = node(name);
        Optional<String> text = n.flatMap(v -> scalarText(v, path(name)));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!Tag.BOOL.equals(n.get().getTag()) || !(text.get().equals("true") || text.get().equals("false"))) {
            problem(n.get(), path(name), "expected true or false, found '" + Excerpt.of(text.get()) + "'");
            return Optional.empty();
        }
        return Optional.of(text.get().equals("true"));
    }

    /** A list of plain scalars. */
    public Optional<List<ScalarNode>> scalarList(String name) {
        return node(name).flatMap(n -> {
            if (!(n instanceof SequenceNode seq)) {
                problem(n, path(name), "expected a list, found " + kind(n));
                return Optional.empty();
            }
            List<ScalarNode> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (scalarText(item, path(name)).isPresent()) {
                    out.add((ScalarNode) item);
                }
            }
            return Optional.of(out);
        });
    }

    /** The text of a scalar of any plain type; null, mappings, lists and custom tags are problems. */
    public Optional<String> scalarText(Node n, String field) {
        if (!checkTag(n, field)) {
            return Optional.empty();
        }
        if (!(n instanceof ScalarNode scalar) || Tag.NULL.equals(n.getTag())) {
            problem(n, field, "expected a value, found " + kind(n));
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    private boolean checkTag(Node n, String field) {
        if (!SafeYaml.PLAIN_TAGS.contains(n.getTag())) {
            problem(n, field, "tag " + Excerpt.of(n.getTag().getValue()) + " is not allowed; plain YAML only");
            return false;
        }
        return true;
    }

    public void problem(Node at, String field, String message) {
        problems.add(new Problem(file, line(at), field, message));
    }

    public static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    public static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return Tag.NULL.equals(n.getTag()) ? "nothing (null)" : "'" + Excerpt.of(((ScalarNode) n).getValue()) + "'";
    }
}

package dev.cutover.yaml;


import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into SnakeYAML's node tree only. Nothing is ever constructed from a tag, so
 * {@code !!javax.script...}-style payloads cannot run; the node tree keeps line numbers for
 * error messages. Limits stop alias bombs, deep nesting and huge documents before they cost
 * memory or stack.
 */
public final class SafeYaml {
    /** Desired-state files are a few hundred bytes; a megabyte is generous. */
    public static final long MAX_BYTES = 1024 * 1024;
    static final int MAX_NESTING = 20;
    static final int MAX_ALIASES = 20;

    /** The only tags a desired-state file may carry (all implicit in plain YAML). */
    public static final Set<Tag> PLAIN_TAGS = Set.of(
            Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private SafeYaml() {
    }

    /**
     * Parses one file into a node tree, or reports why not as a {@link Problem}.
     *
     * @param label the file's name as errors should show it
     */
    public static Parsed parse(Path file, String label) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return Parsed.failed(new Problem(label, 0, "",
                        "file is " + size + " bytes; the limit is " + MAX_BYTES));
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Node root = newYaml().compose(reader);
                if (root == null) {
                    return Parsed.failed(new Problem(label, 0, "", "file is empty"));
                }
                return new Parsed(Optional.of(root), Optional.empty());
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String context = e.getContext() == null ? "" : oneLine(e.getContext()) + ", ";
            return Parsed.failed(new Problem(label, line, "", "not valid YAML: " + context + oneLine(e.getProblem())));
        } catch (YAMLException e) {
            return Parsed.failed(new Problem(label, 0, "", "rejected: " + oneLine(e.getMessage())));
        } catch (IOException e) {
            return Parsed.failed(new Problem(label, 0, "", "cannot read: " + e.getMessage()));
        } catch (StackOverflowError e) {
            return Parsed.failed(new Problem(label, 0, "", "rejected: nested too deeply"));
        }
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return new Yaml(options);
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s+", " ").trim();
    }

    /** Either a node tree or the problem that stopped parsing. */
    public record Parsed(Optional<Node> root, Optional<Problem> problem) {
        static Parsed failed(Problem p) {
            return new Parsed(Optional.empty(), Optional.of(p));
        }
    }
}

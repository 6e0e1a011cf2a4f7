package dev.cutover.yaml;


import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into SnakeYAML's node tree only. Nothing is ever constructed from a tag, so
 * {@code !!javax.script...}-style payloads cannot run; the node tree keeps line numbers for
 * error messages. Limits stop alias bombs, deep nesting and huge documents before they cost
 * memory or stack. SnakeYAML's own messages quote the file, so they pass through
 * {@link Excerpt} like any other value.
 */
public final class SafeYaml {
    /** Desired-state files are a few hundred bytes; a megabyte is generous. */
    public static final long MAX_BYTES = 1024 * 1024;
    static final int MAX_NESTING = 20;
    static final int MAX_ALIASES = 20;
    /** SnakeYAML's problem text mixes its words with the file's; this keeps both short. */
    private static final int YAML_MESSAGE_LIMIT = 100;

    /** The only tags a desired-state file may carry (all implicit in plain YAML). */
    public static final Set<Tag> PLAIN_TAGS = Set.of(
            Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private SafeYaml() {
    }

    /**
     * Parses one file into a node tree, or reports why not as a {@link Problem}.
     *
     * @param label   the file's name as errors should show it
     * @param options extra open options (the desired state passes NOFOLLOW_LINKS)
     */
    public static Parsed parse(Path file, String label, OpenOption... options) {
        BoundedText.Read read = BoundedText.read(file, label, MAX_BYTES, options);
        if (read.problem().isPresent()) {
            return Parsed.failed(read.problem().get());
        }
        return parse(read.text().get(), label);
    }

    /** Parses text already read (at most {@link #MAX_BYTES}) into a node tree. */
    public static Parsed parse(String text, String label) {
        StreamReader reader = new StreamReader(text);
        try {
            Node root = newComposer(reader).getSingleNode();
            if (root == null) {
                return Parsed.failed(new Problem(label, 0, "", "file is empty"));
            }
            return new Parsed(Optional.of(root), Optional.empty());
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : reader.getLine() + 1;
            String context = e.getContext() == null ? "" : Excerpt.of(oneLine(e.getContext()), 40) + ", ";
            return Parsed.failed(new Problem(label, line, "", "not valid YAML: " + context
                    + Excerpt.of(oneLine(e.getProblem()), YAML_MESSAGE_LIMIT)));
        } catch (ReaderException e) {
            return Parsed.failed(new Problem(label, lineAtCodePoint(text, e.getPosition()), "",
                    "character " + String.format("U+%04X", e.getCodePoint()) + " is not allowed in YAML (a control or special character)"));
        } catch (YAMLException e) {
            // Limits (nesting, aliases, size) carry no mark; the reader's position is where it stopped.
            return Parsed.failed(new Problem(label, reader.getLine() + 1, "", "rejected: "
                    + Excerpt.of(oneLine(e.getMessage()), YAML_MESSAGE_LIMIT)));
        } catch (StackOverflowError e) {
            return Parsed.failed(new Problem(label, 0, "", "rejected: nested too deeply"));
        }
    }

    private static Composer newComposer(StreamReader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return new Composer(new ParserImpl(reader, options), new Resolver(), options);
    }

    private static int lineAtCodePoint(String text, int position) {
        int line = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < position; i += Character.charCount(text.codePointAt(i)), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
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

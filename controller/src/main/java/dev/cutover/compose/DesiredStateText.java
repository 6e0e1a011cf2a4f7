package dev.cutover.compose;

import dev.cutover.yaml.Excerpt;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the imported apps as the files of a desired-state folder, in the layout of the
 * worked example ({@code desired-state/}), for a person to review before committing. Every
 * value that came from the compose file is written as a YAML scalar that reads back as the
 * same string: plain when it cannot be mistaken for anything else, double-quoted otherwise.
 */
public final class DesiredStateText {
    /** Plain scalars that YAML reads back as the same string: no indicators, no number, no boolean. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9_./@:-]*");
    private static final Pattern YAML11_WORDS = Pattern.compile(
            "(?i)y|n|yes|no|true|false|on|off|null|nan|inf|\\.inf|\\.nan");

    private DesiredStateText() {
    }

    /** {@code apps/<name>.yaml}. */
    public static String app(ImportedApp a, String composeFile) {
        StringBuilder b = new StringBuilder();
        b.append("# Imported by `cutover import` from ").append(Excerpt.of(composeFile))
                .append(" (").append(a.services().size() == 2 ? "services " : "service ")
                .append(String.join(" and ", a.services())).append(").\n")
                .append("# Every field is documented in the README; review before you commit.\n");
        b.append("image: ").append(scalar(a.image())).append('\n');
        b.append("port: ").append(a.port()).append('\n');
        b.append("slots:\n  blue: ").append(a.blue()).append("\n  green: ").append(a.green()).append('\n');
        a.bind().ifPresent(bind -> b.append("bind: ").append(bind).append('\n'));
        a.healthPath().ifPresent(path -> b.append("health:\n  path: ").append(scalar(path)).append('\n'));
        if (!a.env().isEmpty()) {
            b.append("env:\n");
            a.env().forEach((name, value) -> b.append("  ").append(name).append(": ").append(scalar(value)).append('\n'));
        }
        if (!a.secrets().isEmpty()) {
            b.append("secrets:                 # values go into the host's secrets file (secretsFile), never into git\n");
            a.secrets().forEach(name -> b.append("  - ").append(name).append('\n'));
        }
        return b.toString();
    }

    /** {@code servers/<server>.yaml}: each app that has a tag. */
    public static String server(List<ImportedApp> apps, String composeFile) {
        StringBuilder b = new StringBuilder("# Imported by `cutover import` from ").append(Excerpt.of(composeFile))
                .append(": the tag each app runs on this server (the line a deploy changes).\n");
        List<ImportedApp> tagged = apps.stream().filter(a -> a.tag().isPresent()).toList();
        if (tagged.isEmpty()) {
            return b.append("apps: {}\n").toString();
        }
        b.append("apps:\n");
        tagged.forEach(a -> b.append("  ").append(a.name()).append(":\n    tag: ").append(scalar(a.tag().get())).append('\n'));
        return b.toString();
    }

    /** A string as a YAML scalar that reads back as exactly that string. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !YAML11_WORDS.matcher(s).matches() && !s.contains(": ") && !s.endsWith(":")) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

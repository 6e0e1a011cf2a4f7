package dev.cutover.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Compose fills {@code ${VAR}}, {@code $VAR} and {@code ${VAR:-default}} from the shell or
 * {@code .env} when it runs; Cutover's desired state has no such step (git holds the values
 * a PR reviews). This resolves what the file alone decides: literal text, {@code $$}, and
 * variables that carry a default. Anything else is unresolved, with the variables named so
 * the caller can say what to set.
 */
final class Interpolation {
    /** The value if every variable had a default (or there were none); else the variables it needs. */
    record Resolved(String value, List<String> needed, boolean usedDefault) {
        boolean complete() {
            return needed.isEmpty();
        }

        /** How the variables it needs are written, for a message: {@code ${TAG}}, {@code ${A}, ${B}}. */
        String neededText() {
            return String.join(", ", needed.stream().map(v -> "${" + v + "}").toList());
        }
    }

    private Interpolation() {
    }

    static Resolved resolve(String text) {
        StringBuilder out = new StringBuilder();
        List<String> needed = new ArrayList<>();
        boolean usedDefault = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    needed.add(name(text.substring(i + 2)));
                    break;
                }
                String inside = text.substring(i + 2, end);
                String name = name(inside);
                String rest = inside.substring(name.length());
                String fallback = rest.startsWith(":-") ? rest.substring(2) : rest.startsWith("-") ? rest.substring(1) : null;
                if (fallback != null && fallback.indexOf('$') < 0 && !name.isEmpty()) {
                    out.append(fallback);
                    usedDefault = true;
                } else {
                    // ${VAR}, ${VAR:?error}, ${VAR:+alternative}: decided by the shell, not the file.
                    needed.add(name.isEmpty() ? inside : name);
                }
                i = end + 1;
            } else if (isNameStart(text.charAt(i + 1))) {
                String name = name(text.substring(i + 1));
                needed.add(name);
                i += 1 + name.length();
            } else {
                out.append(c);
                i++;
            }
        }
        return new Resolved(needed.isEmpty() ? out.toString() : null, List.copyOf(needed), usedDefault);
    }

    /** The variable name at the start of {@code s}: letters, digits and _, not starting with a digit. */
    private static String name(String s) {
        int n = 0;
        while (n < s.length() && (isNameStart(s.charAt(n)) || (n > 0 && s.charAt(n) >= '0' && s.charAt(n) <= '9'))) {
            n++;
        }
        return s.substring(0, n);
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}

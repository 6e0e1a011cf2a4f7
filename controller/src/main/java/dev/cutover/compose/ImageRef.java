package dev.cutover.compose;

import java.util.Optional;

/**
 * A compose {@code image:} split into repository and tag as written, before interpolation:
 * the tag is what follows the last {@code :} after the last {@code /}, counting neither inside
 * a {@code ${...}} (so {@code web:${TAG:-latest}} splits at the first colon, not in the
 * default). A digest ({@code @sha256:...}) is kept apart: Cutover deploys tags.
 */
record ImageRef(String repository, Optional<String> tag, Optional<String> digest) {
    static ImageRef parse(String image) {
        String rest = image;
        Optional<String> digest = Optional.empty();
        int at = outsideBraces(rest, '@', false);
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int slash = outsideBraces(rest, '/', true);
        int colon = outsideBraces(rest, ':', true);
        if (colon > slash) {
            return new ImageRef(rest.substring(0, colon), Optional.of(rest.substring(colon + 1)), digest);
        }
        return new ImageRef(rest, Optional.empty(), digest);
    }

    /** Index of the first (or last) {@code c} not inside {@code ${...}}, or -1. */
    private static int outsideBraces(String s, char c, boolean last) {
        int found = -1;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '{' && i > 0 && s.charAt(i - 1) == '$') {
                depth++;
            } else if (ch == '}' && depth > 0) {
                depth--;
            } else if (ch == c && depth == 0) {
                found = i;
                if (!last) {
                    return i;
                }
            }
        }
        return found;
    }
}

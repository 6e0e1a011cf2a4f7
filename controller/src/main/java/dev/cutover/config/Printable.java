package dev.cutover.config;

import dev.cutover.desired.Names;

/** How values are quoted in host config errors: escaped, and never more than the rule allows. */
final class Printable {
    private Printable() {
    }

    /** A value quoted in an error: control characters escaped (and shortened, once Names does). */
    static String quote(String value) {
        return "'" + Names.printable(value) + "'";
    }

    /** Escapes control characters only; the last line of defence for a whole message. */
    static String escapeControls(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static boolean hasControlOrSpace(String s) {
        return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isWhitespace(c)
                || Character.isSpaceChar(c));
    }
}

package dev.cutover.config;

import dev.cutover.desired.Names;

/** How values are quoted in host config errors: escaped, and never more than the rule allows. */
final class Printable {
    private Printable() {
    }

    /** A value quoted in an error: escaped and shortened by {@link Names#printable}. */
    static String quote(String value) {
        return "'" + Names.printable(value) + "'";
    }

    /** Whether a value has a C0 control character or DEL: such a value cannot be one argument or one path. */
    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    static boolean hasControlOrSpace(String s) {
        return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isWhitespace(c)
                || Character.isSpaceChar(c));
    }
}

package dev.cutover.yaml;

/**
 * The one way a value from the desired state (or any file) reaches an error message: short,
 * and with every character that could move a terminal's cursor, recolour it, reorder text
 * (bidi overrides) or split a log line replaced by a visible escape. Someone who can push to
 * the desired-state repository must not be able to paint over an operator's terminal or
 * smuggle a file's content into a log through a message.
 */
public final class Excerpt {
    /** How long a quoted value may be in a message, counted after escaping. */
    public static final int VALUE_LIMIT = 80;

    private Excerpt() {
    }

    /** A value made safe to quote: escaped, and at most {@link #VALUE_LIMIT} characters plus a length note. */
    public static String of(String s) {
        return of(s, VALUE_LIMIT);
    }

    /**
     * Escapes {@code s} and keeps at most {@code limit} escaped characters; a longer value ends
     * with {@code …(N chars)}, N being the original length, so the reader knows it was cut.
     */
    public static String of(String s, int limit) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), limit) + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String piece = escape(s, i, cp);
            if (b.length() + piece.length() > limit) {
                return b.append("…(").append(s.length()).append(" chars)").toString();
            }
            b.append(piece);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    private static String escape(String s, int i, int cp) {
        if (cp < 0x100 && isControl(cp)) {
            return String.format("\\x%02x", cp);
        }
        if (needsEscape(cp)) {
            return cp <= 0xFFFF ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp);
        }
        return s.substring(i, i + Character.charCount(cp));
    }

    /** C0 controls (NUL, tab, CR, LF, ESC...), DEL and the C1 controls U+0080–U+009F. */
    private static boolean isControl(int cp) {
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
    }

    /**
     * Characters that print as nothing or rearrange what follows: format characters (bidi
     * embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, zero-width characters,
     * BOM), line and paragraph separators, lone surrogates and unassigned code points.
     */
    private static boolean needsEscape(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
            case Character.PRIVATE_USE:
                return true;
            default:
                return false;
        }
    }
}

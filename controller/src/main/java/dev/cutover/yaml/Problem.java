package dev.cutover.yaml;


/**
 * One thing wrong with the desired state: which file, which line (1-based, 0 when the
 * problem is about the file as a whole), which field, and what is wrong.
 *
 * <p>Every part is escaped and shortened here, whatever the caller already did (defense in
 * depth): a problem ends up on terminals, in logs and in {@code /api/status}, and its parts
 * can carry text from a file someone else wrote.
 */
public record Problem(String file, int line, String field, String message) {
    static final int FILE_LIMIT = 200;
    static final int FIELD_LIMIT = 200;
    static final int MESSAGE_LIMIT = 300;

    public Problem {
        file = Excerpt.of(file, FILE_LIMIT);
        field = Excerpt.of(field, FIELD_LIMIT);
        message = Excerpt.of(message, MESSAGE_LIMIT);
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}

package dev.cutover.yaml;


/**
 * One thing wrong with the desired state: which file, which line (1-based, 0 when the
 * problem is about the file as a whole), which field, and what is wrong.
 */
public record Problem(String file, int line, String field, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}

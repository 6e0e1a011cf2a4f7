package dev.cutover.cli;

/**
 * A failure the user can act on: printed as one line, no stack trace (unless --verbose),
 * and the process exits with {@link #exitCode()}.
 */
public final class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

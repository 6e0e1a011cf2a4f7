package dev.cutover.git;

/** The repository could not be reached or read. Retrying later can help. */
public final class GitException extends Exception {
    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}

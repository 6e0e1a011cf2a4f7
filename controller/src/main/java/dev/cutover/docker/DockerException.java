package dev.cutover.docker;

/** The engine refused or could not be reached. Retrying later can help. */
public final class DockerException extends RuntimeException {
    public DockerException(String message, Throwable cause) {
        super(message, cause);
    }
}

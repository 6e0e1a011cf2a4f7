package dev.cutover.docker;

/**
 * A call to the engine failed. {@link #unreachable()} says whether waiting can help (the
 * engine or the registry did not answer, or the tag is not there yet) or the engine refused
 * what was asked (a conflict, a bad request), decided here from what docker-java threw.
 */
public final class DockerException extends RuntimeException {
    private final boolean unreachable;

    public DockerException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    public boolean unreachable() {
        return unreachable;
    }
}

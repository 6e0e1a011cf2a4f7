package dev.cutover.outcome;

/**
 * Why something failed, and so what can help. The kind is decided once, where the failure
 * happens (by the type of what was thrown, never by its message); the daemon's backoff, the
 * exit codes and the stall marking read it from here.
 */
public sealed interface Failure {
    /** One line for people: status, logs, notifications. */
    String message();

    /** Waiting helps: the git host, the registry or the Docker engine could not be reached. Retried soon, with backoff. */
    record Transient(String message) implements Failure {
    }

    /** Only a new desired state helps: this spec failed its gate. Not tried again until it changes or a sync asks for it. */
    record Stalled(String message) implements Failure {
    }

    /** The input is invalid (the desired state, the host's secrets): reported; the normal interval picks up a fix. */
    record Invalid(String message) implements Failure {
    }

    /** Anything else (nginx refused the switch, the engine refused a call, a stop was asked): retried at the normal interval. */
    record Failed(String message) implements Failure {
    }

    /** Whether the daemon should try again sooner than its interval. */
    default boolean retrySoon() {
        return this instanceof Transient;
    }

    /** The same kind of failure with a prefix (e.g. the app) on its message. */
    default Failure prefixed(String prefix) {
        String m = prefix + message();
        if (this instanceof Transient) {
            return new Transient(m);
        }
        if (this instanceof Stalled) {
            return new Stalled(m);
        }
        return this instanceof Invalid ? new Invalid(m) : new Failed(m);
    }
}

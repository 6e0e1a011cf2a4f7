package dev.cutover.config;

/** The host cannot supply a secret an app names: its secrets file is unreadable or lacks the name. */
public final class SecretsUnavailable extends RuntimeException {
    public SecretsUnavailable(String message) {
        super(message);
    }
}

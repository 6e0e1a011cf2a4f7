package dev.cutover.nginx;

/** nginx rejected the change or did not apply it; traffic was left where it was. */
public final class NginxException extends RuntimeException {
    public NginxException(String message) {
        super(message);
    }
}

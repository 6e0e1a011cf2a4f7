package dev.cutover.nginx;

import java.util.Map;
import java.util.Optional;

/**
 * What a reconcile pass asks of the proxy: a seam, so the switch's failure and clean-up
 * paths get fast unit tests; {@link Nginx} is the real one. Changes throw
 * {@link NginxException} after putting the previous routing back.
 */
public interface TrafficRouter {
    /** The managed file of an upstream, if there is one (a regular file; links are ignored). */
    Optional<String> read(String upstream);

    /** The managed files present: app name to upstream name. */
    Map<String, String> managedFiles();

    /** Points an upstream at new content and confirms that nginx routes {@code app} to {@code expected} (host:port; several, comma-separated, for replicas). */
    void switchTo(String upstream, String content, String app, String expected, String path);

    /** Replaces (or, with empty content, removes) an upstream file; test and reload, or roll back. */
    void apply(String upstream, Optional<String> content);

    /** Where one fresh request for {@code app} through nginx is answered from; empty if none. */
    default Optional<String> routedTo(String app, String path) {
        return probe(app, path).map(Probe::answeredBy);
    }

    /** One fresh request for {@code app} through nginx's probe server: its status and who answered; empty if none. */
    Optional<Probe> probe(String app, String path);

    /** What one request through the probe server got. */
    record Probe(int status, String answeredBy) {
    }

    /**
     * Follows the access log in Cutover's format, from {@code lookback} bytes before its end;
     * empty when nginx writes none there.
     */
    Optional<AccessLog> followAccessLog(long lookback);
}

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

    /** Points an upstream at new content and confirms that nginx routes {@code app} to {@code expected} (host:port). */
    void switchTo(String upstream, String content, String app, String expected, String path);

    /** Replaces (or, with empty content, removes) an upstream file; test and reload, or roll back. */
    void apply(String upstream, Optional<String> content);

    /** Where one fresh request for {@code app} through nginx is answered from; empty if none. */
    Optional<String> routedTo(String app, String path);
}

package dev.cutover.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** URLs that can carry secrets: what may be shown of them, and what a valid one looks like. */
final class Urls {
    private Urls() {
    }

    /** A URL without any {@code user:password@} part. */
    static String withoutUserInfo(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }

    /**
     * A notification target. Its path and query often are the credential (a Slack or Discord
     * webhook URL), so an error shows at most its scheme and host.
     */
    static Optional<String> notification(String url) {
        Optional<URI> uri = httpUri(url);
        if (uri.isEmpty()) {
            return Optional.of("expected an http(s) URL with a host (the value is not shown: it may hold a token)");
        }
        String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
        if (uri.get().getHost() == null || uri.get().getHost().isEmpty()) {
            return Optional.of("expected an http(s) URL with a host, found " + scheme + "://… without one");
        }
        if (uri.get().getRawUserInfo() != null) {
            return Optional.of("user info in " + Printable.quote(scheme + "://" + uri.get().getHost())
                    + " URLs is not supported; put the token in the path the service gave you");
        }
        return Optional.empty();
    }

    /** A URL with the http or https scheme, in one piece without spaces or control characters; empty otherwise. */
    private static Optional<URI> httpUri(String url) {
        if (url.isEmpty() || Printable.hasControlOrSpace(url)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The Docker engine endpoint: a unix socket or a tcp address, nothing else. */
    static Optional<String> dockerHost(String host) {
        if (host.matches("unix:///[^\\s\\x00-\\x1f\\x7f]+")
                || host.matches("tcp://[A-Za-z0-9.-]+(:[1-9][0-9]{0,4})?/?")) {
            return Optional.empty();
        }
        return Optional.of("expected unix:///path/to/docker.sock or tcp://host:port, found " + Printable.quote(host));
    }

    /**
     * The Prometheus that bake queries are sent to: an http(s) URL with a host and nothing
     * after its path (Cutover adds {@code /api/v1/query}); no user info, which would be a
     * password in a file that is printed in errors.
     */
    static Optional<String> prometheus(String url) {
        String expected = "expected an http(s) URL of a Prometheus, such as http://127.0.0.1:9090";
        Optional<URI> uri = httpUri(url);
        if (uri.isEmpty() || uri.get().getHost() == null) {
            return Optional.of(expected + (url.isEmpty() || Printable.hasControlOrSpace(url) ? ""
                    : ", found " + Printable.quote(withoutUserInfo(url))));
        }
        if (uri.get().getRawUserInfo() != null || uri.get().getRawQuery() != null || uri.get().getRawFragment() != null) {
            return Optional.of("no user info, query or fragment: " + expected);
        }
        return Optional.empty();
    }
}

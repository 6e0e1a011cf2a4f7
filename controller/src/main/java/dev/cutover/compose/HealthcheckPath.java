package dev.cutover.compose;

import dev.cutover.desired.Names;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code health.path} out of a compose {@code healthcheck.test} that fetches a URL with
 * curl or wget inside the container ({@code ["CMD", "curl", "-f", "http://localhost:3000/api/ping"]}
 * or the same as one shell string). Cutover probes that path on the slot port from the host,
 * so only a plain-HTTP URL on the app's own port carries over.
 */
final class HealthcheckPath {
    private static final Pattern FETCHER = Pattern.compile("(^|[\\s/'\"])(curl|wget)(\\s|$)");
    private static final Pattern URL = Pattern.compile("(https?)://([^/\\s'\"]+)(/[^\\s'\"|;&)]*)?");
    private static final Pattern HOST_PORT = Pattern.compile(".*:([0-9]{1,5})");

    /** The path, or why there is none (a sentence that ends the note). */
    record Found(String path, String why) {
    }

    private HealthcheckPath() {
    }

    static Found of(String test, int containerPort) {
        if (!FETCHER.matcher(test).find()) {
            return new Found(null, "its test does not fetch a URL with curl or wget");
        }
        Matcher url = URL.matcher(test);
        if (!url.find()) {
            return new Found(null, "its curl/wget test names no http:// URL");
        }
        if (url.group(1).equals("https")) {
            return new Found(null, "it probes https; Cutover probes the slot with plain HTTP");
        }
        Matcher port = HOST_PORT.matcher(url.group(2));
        int probed = port.matches() ? Integer.parseInt(port.group(1)) : 80;
        if (probed != containerPort) {
            return new Found(null, "it probes port " + probed + ", not the app's port " + containerPort);
        }
        String path = url.group(3) == null ? "/" : url.group(3);
        String problem = Names.httpPathProblem(path);
        return problem == null ? new Found(path, null) : new Found(null, "its path: " + problem);
    }
}

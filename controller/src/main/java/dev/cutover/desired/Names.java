package dev.cutover.desired;

import dev.cutover.yaml.Excerpt;
import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a name or reference may look like. Names end up in container names, file names and
 * nginx identifiers, so they are deliberately narrow: nothing that could escape a path, a
 * config block or a command.
 */
public final class Names {
    /** App and server names: lower-case DNS-label style, short enough for container names. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    /** nginx upstream names. */
    public static final Pattern UPSTREAM = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Docker image tags, per the distribution reference grammar. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** Environment variable and secret names. */
    public static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** An HTTP path for the health probe: no spaces, quotes or control characters. */
    public static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~/%?&=+-]{0,200}");
    private static final Pattern PERCENT_ESCAPES = Pattern.compile("([^%]|%[0-9A-Fa-f]{2})*");
    /** A bind address for published ports: an IPv4 address. */
    public static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    /** Docker network names. */
    /** One nginx variable, the only thing a canary's {@code hashKey} may be: it is written into nginx's config. */
    public static final Pattern NGINX_VARIABLE = Pattern.compile("\\$[a-z_][a-z0-9_]{0,63}");
    public static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Network modes that share the host's (or no) network namespace: never offered, whatever a config says. */
    private static final Set<String> NETWORK_MODES = Set.of("host", "none", "default");

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]{1,5})?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    /** An image repository without tag or digest, per the distribution reference grammar. */
    public static final Pattern IMAGE_REPOSITORY =
            Pattern.compile("(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");

    private Names() {
    }

    /** Why an image repository is unacceptable, or null when it is fine. */
    public static String imageProblem(String image) {
        if (image.length() > 255) {
            return "image reference is longer than 255 characters";
        }
        int slash = image.lastIndexOf('/');
        if (image.contains("@") || image.substring(slash + 1).contains(":")) {
            return "give the repository only (like registry.example.com/team/app); the tag belongs in servers/<server>.yaml";
        }
        if (!IMAGE_REPOSITORY.matcher(image).matches()) {
            return "'" + printable(image) + "' is not a valid image repository (lower-case path components, optional registry host[:port]/)";
        }
        return null;
    }

    /** Why a network cannot be joined whatever the host allows, or null when it is a plain network name. */
    public static String networkProblem(String name) {
        if (NETWORK_MODES.contains(name) || name.startsWith("container:")) {
            return "'" + printable(name) + "' is a network mode sharing the host's or another container's namespace;"
                    + " it is never offered";
        }
        return NETWORK.matcher(name).matches() ? null : "'" + printable(name) + "' is not a valid network name";
    }

    /**
     * Why a health-check path would fail at run time, or null when it is fine: beyond the
     * characters {@link #HTTP_PATH} allows, every {@code %} must start a two-hex-digit escape
     * and the probe's URI must build from it.
     */
    public static String httpPathProblem(String path) {
        String found = ", found '" + printable(path) + "'";
        if (!HTTP_PATH.matcher(path).matches()) {
            return "expected an HTTP path starting with / (no spaces or quotes)" + found;
        }
        if (!PERCENT_ESCAPES.matcher(path).matches()) {
            return "every % must start an escape of two hex digits like %20" + found;
        }
        try {
            URI.create("http://127.0.0.1:1" + path);
        } catch (IllegalArgumentException e) {
            return "not a valid URI path and query" + found;
        }
        return null;
    }

    /** A value made safe to quote in an error message: escaped and shortened by {@link Excerpt}. */
    public static String printable(String s) {
        return Excerpt.of(s);
    }
}

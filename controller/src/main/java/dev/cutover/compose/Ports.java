package dev.cutover.compose;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Excerpt;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a service's {@code ports:}, in the short syntax
 * ({@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]}) or the long one
 * ({@code target}, {@code published}, {@code host_ip}, {@code protocol}). Cutover needs a
 * fixed TCP host port (a slot) over one container port, on an IPv4 address.
 */
final class Ports {
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** What a ports entry maps to. */
    sealed interface Entry permits Published, NotMapped {
    }

    /** @param hostIp the address it is published on as written, empty when compose's default (all interfaces) */
    record Published(int host, int container, Optional<String> hostIp) implements Entry {
    }

    record NotMapped(String why) implements Entry {
    }

    private Ports() {
    }

    static Entry shortSyntax(String written) {
        Interpolation.Resolved r = Interpolation.resolve(written);
        if (!r.complete()) {
            return new NotMapped("it needs " + r.neededText() + " from the shell; write the port numbers");
        }
        String text = r.value();
        String protocol = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            protocol = text.substring(slash + 1);
            text = text.substring(0, slash);
        }
        if (text.startsWith("[") || text.chars().filter(c -> c == ':').count() > 2) {
            return new NotMapped("an IPv6 address; Cutover publishes slots on an IPv4 address (bind)");
        }
        String[] parts = text.split(":", -1);
        String container = parts[parts.length - 1];
        String host = parts.length >= 2 ? parts[parts.length - 2] : "";
        String hostIp = parts.length == 3 ? parts[0] : null;
        return longSyntax(container, host.isEmpty() ? null : host, hostIp, protocol);
    }

    /** The long syntax's fields as written; null where absent. */
    static Entry longSyntax(String target, String published, String hostIp, String protocol) {
        if (protocol != null && !protocol.equalsIgnoreCase("tcp")) {
            return new NotMapped("protocol " + Excerpt.of(protocol) + "; nginx routes TCP (HTTP) to the slots");
        }
        if (published == null) {
            return new NotMapped("no host port: Docker picks one at random, and nginx needs fixed slots; publish it like 4000:"
                    + Excerpt.of(target));
        }
        if (target.contains("-") || published.contains("-")) {
            return new NotMapped("a port range; an app has one container port and one host port per colour");
        }
        int containerPort = number(target);
        int hostPort = number(published);
        if (containerPort == 0 || hostPort == 0) {
            return new NotMapped("'" + Excerpt.of(published) + ":" + Excerpt.of(target)
                    + "' is not two port numbers between 1 and 65535");
        }
        if (hostIp != null && !hostIp.isEmpty() && !Names.IPV4.matcher(hostIp).matches()) {
            return new NotMapped("host address '" + Excerpt.of(hostIp) + "' is not an IPv4 address (bind)");
        }
        Optional<String> ip = hostIp == null || hostIp.isEmpty() ? Optional.empty() : Optional.of(hostIp);
        return new Published(hostPort, containerPort, ip);
    }

    /** A port number 1–65535, or 0 when the text is anything else. */
    private static int number(String text) {
        if (!PORT.matcher(text).matches()) {
            return 0;
        }
        int n = Integer.parseInt(text);
        return n >= 1 && n <= 65535 ? n : 0;
    }
}

package dev.cutover.config;

import dev.cutover.desired.HostPolicy;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code host:port} a listener binds to. The host is a dotted IPv4 address written the one
 * canonical way (no leading zeros: {@code 010.0.0.1} is octal to some parsers and decimal to
 * others, and the host policy compares addresses as text).
 */
record ListenAddress(String host, int port) {
    static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** A canonical IPv4 address. */
    static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern HOST_PORT = Pattern.compile("(" + IPV4.pattern() + "):(0|[1-9][0-9]{0,4})");

    /** Empty when the text is not {@code ipv4:port} with a port up to 65535. */
    static Optional<ListenAddress> parse(String text) {
        Matcher m = HOST_PORT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(m.groupCount()));
        return port > 65535 ? Optional.empty() : Optional.of(new ListenAddress(m.group(1), port));
    }

    boolean loopback() {
        return HostPolicy.isLoopback(host);
    }
}

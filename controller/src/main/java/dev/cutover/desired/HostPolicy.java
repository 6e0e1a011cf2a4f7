package dev.cutover.desired;

import java.util.Map;
import java.util.Set;

/**
 * What the host (trusted) allows the desired state (less trusted) to ask for. Built from the
 * host config; {@code cutover validate} without a host config uses {@link #LOOPBACK_ONLY}.
 *
 * @param allowedBinds  addresses beyond loopback (127.0.0.0/8) that apps may publish slot ports on
 * @param reservedPorts host ports the desired state may not use as slots, with what holds each
 *                      (the admin listener, nginx's probe listener)
 */
public record HostPolicy(Set<String> allowedBinds, Map<Integer, String> reservedPorts) {
    public static final HostPolicy LOOPBACK_ONLY = new HostPolicy(Set.of(), Map.of());

    public HostPolicy {
        allowedBinds = Set.copyOf(allowedBinds);
        reservedPorts = Map.copyOf(reservedPorts);
    }

    /** Whether an IPv4 address is on the loopback network, which is always allowed. */
    public static boolean isLoopback(String ipv4) {
        return ipv4.startsWith("127.");
    }

    public boolean allowsBind(String ipv4) {
        return isLoopback(ipv4) || allowedBinds.contains(ipv4);
    }
}

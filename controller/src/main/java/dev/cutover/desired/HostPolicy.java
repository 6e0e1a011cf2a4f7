package dev.cutover.desired;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the host (trusted) allows the desired state (less trusted) to ask for. Built from the
 * host config; {@code cutover validate} without a host config uses {@link #LOOPBACK_ONLY},
 * which allows nothing beyond loopback: no bind mount and no network.
 *
 * @param allowedBinds     addresses beyond loopback (127.0.0.0/8) that apps may publish slot ports on
 * @param reservedPorts    host ports the desired state may not use as slots, with what holds each
 *                         (the admin listener, nginx's probe listener)
 * @param bindMountFolders host folders (absolute, normalised) under which apps may bind-mount
 * @param networks         existing Docker networks apps may join
 * @param prometheus       the host config names a Prometheus, so apps may judge bakes with a query
 */
public record HostPolicy(Set<String> allowedBinds, Map<Integer, String> reservedPorts,
                         List<String> bindMountFolders, Set<String> networks, boolean prometheus) {
    public static final HostPolicy LOOPBACK_ONLY = new HostPolicy(Set.of(), Map.of());

    public HostPolicy {
        allowedBinds = Set.copyOf(allowedBinds);
        reservedPorts = Map.copyOf(reservedPorts);
        bindMountFolders = List.copyOf(bindMountFolders);
        networks = Set.copyOf(networks);
    }

    /** A policy for a host without a Prometheus. */
    public HostPolicy(Set<String> allowedBinds, Map<Integer, String> reservedPorts, List<String> bindMountFolders,
                      Set<String> networks) {
        this(allowedBinds, reservedPorts, bindMountFolders, networks, false);
    }

    /** A policy that allows no bind mount and no network. */
    public HostPolicy(Set<String> allowedBinds, Map<Integer, String> reservedPorts) {
        this(allowedBinds, reservedPorts, List.of(), Set.of());
    }

    /** Whether an IPv4 address is on the loopback network, which is always allowed. */
    public static boolean isLoopback(String ipv4) {
        return ipv4.startsWith("127.");
    }

    public boolean allowsBind(String ipv4) {
        return isLoopback(ipv4) || allowedBinds.contains(ipv4);
    }

    /** The allowed folder a normalised host path lies in (or is), matched by whole path parts. */
    public Optional<String> bindMountFolderOf(String path) {
        return bindMountFolders.stream().filter(folder -> HostPaths.isUnder(path, folder)).findFirst();
    }

    public boolean allowsNetwork(String name) {
        return networks.contains(name);
    }
}

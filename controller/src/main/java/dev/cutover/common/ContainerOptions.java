package dev.cutover.common;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The container options an app file may set beyond image, port and env: what real compose
 * files use, and nothing that lifts the container's confinement (no privileged mode,
 * capabilities, devices or host namespaces — those are not offered at all). Checked against
 * the host's policy where the desired state is read; the engine receives them as they are.
 * An empty list, an empty text or zero means "the image's or the engine's default".
 *
 * @param command     arguments replacing the image's CMD
 * @param entrypoint  program and arguments replacing the image's ENTRYPOINT
 * @param volumes     named volumes and bind mounts
 * @param networks    existing Docker networks the container joins instead of the default bridge
 * @param memoryBytes memory limit in bytes
 * @param nanoCpus    CPU limit in billionths of a CPU
 * @param user        user (and group) the app runs as, e.g. {@code 1000:1000}
 * @param labels      extra container labels (never Cutover's own {@code dev.cutover.} ones)
 * @param logging     log driver and its options
 * @param extraHosts  {@code name:ipv4} lines added to the container's /etc/hosts
 * @param readOnly    the container's root file system is read-only
 * @param tmpfs       in-memory file systems mounted in the container
 */
public record ContainerOptions(
        List<String> command,
        List<String> entrypoint,
        List<Mount> volumes,
        List<String> networks,
        long memoryBytes,
        long nanoCpus,
        String user,
        Map<String, String> labels,
        Optional<Logging> logging,
        List<String> extraHosts,
        boolean readOnly,
        List<Tmpfs> tmpfs) {

    public static final ContainerOptions NONE = new ContainerOptions(List.of(), List.of(), List.of(), List.of(),
            0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of());

    public ContainerOptions {
        command = List.copyOf(command);
        entrypoint = List.copyOf(entrypoint);
        volumes = List.copyOf(volumes);
        networks = List.copyOf(networks);
        labels = Map.copyOf(labels);
        extraHosts = List.copyOf(extraHosts);
        tmpfs = List.copyOf(tmpfs);
    }

    /**
     * A named volume ({@code source} a name) or a bind mount ({@code source} an absolute host
     * path, normalised). A bind mount carries the host folder that allowed it ({@code within}):
     * the engine refuses it when a link below that folder would lead elsewhere.
     */
    public record Mount(String source, String target, boolean readOnly, Optional<String> within) {
        public boolean isBind() {
            return source.startsWith("/");
        }
    }

    /** A log driver (one of a fixed few) and its options. */
    public record Logging(String driver, Map<String, String> options) {
        public Logging {
            options = Map.copyOf(options);
        }
    }

    /** An in-memory file system at {@code path}; {@code sizeBytes} 0 means the engine's default. */
    public record Tmpfs(String path, long sizeBytes) {
    }

    /**
     * Every option as stable text (maps sorted), for the spec hash: a changed option redeploys.
     * The host folder that allowed a bind mount is not part of it: it is the host's, not the app's.
     */
    public String canonical() {
        return String.join("\n", command.toString(), entrypoint.toString(),
                volumes.stream().map(v -> v.source() + ":" + v.target() + (v.readOnly() ? ":ro" : "")).toList().toString(),
                networks.toString(), Long.toString(memoryBytes), Long.toString(nanoCpus), user,
                new TreeMap<>(labels).toString(),
                logging.map(l -> l.driver() + new TreeMap<>(l.options())).orElse(""),
                extraHosts.toString(), Boolean.toString(readOnly), tmpfs.toString());
    }
}

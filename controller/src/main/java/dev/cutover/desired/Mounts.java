package dev.cutover.desired;

import dev.cutover.common.ContainerOptions;
import dev.cutover.yaml.Fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@code volumes} and {@code tmpfs}: what is mounted into the container. A bind mount is the
 * one option that reaches the host's files, so it is allowed only under the folders the host
 * config names ({@code allow.bindMounts}), never the host's root or the Docker socket.
 */
final class Mounts {
    static final int MAX_VOLUMES = 50;
    static final int MAX_TMPFS = 20;
    /** Prefix of the Docker volume behind a named volume: apps reach only Cutover's volumes, never another tool's. */
    static final String VOLUME_PREFIX = "cutover-";
    static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,55}");
    private static final Pattern TMPFS_SIZE = Pattern.compile(":size=(.*)");

    private Mounts() {
    }

    /** {@code name:/path[:ro]} (a named volume) and {@code /host/path:/path[:ro]} (a bind mount). */
    static List<ContainerOptions.Mount> volumes(Fields f, HostPolicy policy) {
        List<ContainerOptions.Mount> out = new ArrayList<>();
        for (ScalarNode n : ContainerFields.items(f, "volumes", MAX_VOLUMES)) {
            String[] parts = n.getValue().split(":", -1);
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("ro|rw"))) {
                f.problem(n, "volumes", "expected name:/path, /host/path:/path, optionally ending :ro or :rw, found '"
                        + Names.printable(n.getValue()) + "'");
                continue;
            }
            Optional<String> target = target(f, n, parts[1], out);
            Optional<ContainerOptions.Mount> mount = parts[0].startsWith("/")
                    ? bind(f, n, parts[0], target, policy)
                    : named(f, n, parts[0], target);
            mount.map(m -> new ContainerOptions.Mount(m.source(), m.target(), parts.length == 3 && parts[2].equals("ro"), m.within()))
                    .ifPresent(out::add);
        }
        return out;
    }

    private static Optional<ContainerOptions.Mount> named(Fields f, ScalarNode n, String name, Optional<String> target) {
        if (name.startsWith(".") || name.startsWith("~")) {
            f.problem(n, "volumes", "a bind mount needs an absolute host path; '" + Names.printable(name) + "' is relative");
            return Optional.empty();
        }
        if (!VOLUME_NAME.matcher(name).matches()) {
            f.problem(n, "volumes", "'" + Names.printable(name) + "' is not a valid volume name (a-z, 0-9, _ . -; at most 56)");
            return Optional.empty();
        }
        return target.map(t -> new ContainerOptions.Mount(VOLUME_PREFIX + name, t, false, Optional.empty()));
    }

    private static Optional<ContainerOptions.Mount> bind(Fields f, ScalarNode n, String source, Optional<String> target,
                                                         HostPolicy policy) {
        HostPaths.Normalised normalised = HostPaths.normalise(source);
        if (normalised.path().isEmpty()) {
            f.problem(n, "volumes", "host path '" + Names.printable(source) + "' " + normalised.problem());
            return Optional.empty();
        }
        String path = normalised.path().get();
        if (path.equals("/")) {
            f.problem(n, "volumes", "the host's root folder is never mounted");
        } else if (HostPaths.reachesDockerSocket(path)) {
            f.problem(n, "volumes", path + " is never mounted: the Docker socket hands over the whole host");
        } else {
            Optional<String> folder = policy.bindMountFolderOf(path);
            if (folder.isEmpty()) {
                f.problem(n, "volumes", path + " is not under a folder this host allows for bind mounts"
                        + " (allow.bindMounts)");
            }
            return folder.flatMap(within -> target.map(t -> new ContainerOptions.Mount(path, t, false, Optional.of(within))));
        }
        return Optional.empty();
    }

    /** {@code /path} or {@code /path:size=64m}. */
    static List<ContainerOptions.Tmpfs> tmpfs(Fields f, List<ContainerOptions.Mount> volumes) {
        List<ContainerOptions.Tmpfs> out = new ArrayList<>();
        List<String> taken = new ArrayList<>(volumes.stream().map(ContainerOptions.Mount::target).toList());
        for (ScalarNode n : ContainerFields.items(f, "tmpfs", MAX_TMPFS)) {
            String text = n.getValue();
            int colon = text.indexOf(':');
            String rawPath = colon < 0 ? text : text.substring(0, colon);
            long size = 0;
            if (colon >= 0) {
                var m = TMPFS_SIZE.matcher(text.substring(colon));
                size = m.matches() ? Sizes.parse(m.group(1), Sizes.TMPFS_MIN, Sizes.TMPFS_MAX) : -1;
                if (size < 0) {
                    f.problem(n, "tmpfs", "expected /path or /path:size=64m (size between 1m and 16g), found '"
                            + Names.printable(text) + "'");
                    continue;
                }
            }
            long bytes = size;
            containerPath(f, n, "tmpfs", rawPath, taken).ifPresent(p -> out.add(new ContainerOptions.Tmpfs(p, bytes)));
        }
        return out;
    }

    private static Optional<String> target(Fields f, ScalarNode n, String raw, List<ContainerOptions.Mount> earlier) {
        return containerPath(f, n, "volumes", raw, new ArrayList<>(earlier.stream().map(ContainerOptions.Mount::target).toList()));
    }

    /** A path in the container: absolute, normalised, not its root, not mounted on twice. */
    private static Optional<String> containerPath(Fields f, ScalarNode n, String field, String raw, List<String> taken) {
        HostPaths.Normalised normalised = HostPaths.normalise(raw);
        if (normalised.path().isEmpty()) {
            f.problem(n, field, "container path '" + Names.printable(raw) + "' " + normalised.problem());
            return Optional.empty();
        }
        String path = normalised.path().get();
        if (path.equals("/")) {
            f.problem(n, field, "cannot mount over the container's root folder");
            return Optional.empty();
        }
        if (taken.contains(path)) {
            f.problem(n, field, path + " is mounted on twice");
            return Optional.empty();
        }
        taken.add(path);
        return Optional.of(path);
    }
}

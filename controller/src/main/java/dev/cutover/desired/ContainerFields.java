package dev.cutover.desired;

import dev.cutover.common.ContainerOptions;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the container options of an app file ({@code command}, {@code volumes},
 * {@code networks}, …) into {@link ContainerOptions}, checking what touches the host against
 * its {@link HostPolicy}. Nothing here offers privileged mode, capabilities, devices or host
 * namespaces: such fields stay unknown fields.
 */
final class ContainerFields {
    static final Set<String> FIELDS = AppFile.orderedSet("command", "entrypoint", "volumes", "networks", "memory",
            "cpus", "user", "labels", "logging", "extraHosts", "readOnly", "tmpfs");
    static final int MAX_ARGUMENTS = 100;
    static final int MAX_ARGUMENT_LENGTH = 4096;
    static final int MAX_NETWORKS = 10;
    static final int MAX_EXTRA_HOSTS = 100;
    /** A user or group: a name as useradd accepts it, or a number. */
    private static final String USER_PART = "([a-z_][a-z0-9_-]{0,31}|[0-9]{1,10})";
    static final Pattern USER = Pattern.compile(USER_PART + "(:" + USER_PART + ")?");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    static final Pattern HOST_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

    private ContainerFields() {
    }

    static ContainerOptions read(Fields f, HostPolicy policy, List<Problem> problems) {
        List<String> command = arguments(f, "command");
        List<String> entrypoint = arguments(f, "entrypoint");
        List<ContainerOptions.Mount> volumes = Mounts.volumes(f, policy);
        List<ContainerOptions.Tmpfs> tmpfs = Mounts.tmpfs(f, volumes);
        List<String> networks = networks(f, policy);
        long memory = Sizes.memory(f);
        long nanoCpus = Sizes.nanoCpus(f);
        String user = user(f);
        Map<String, String> labels = ContainerMaps.labels(f, problems);
        Optional<ContainerOptions.Logging> logging = ContainerMaps.logging(f, problems);
        List<String> extraHosts = extraHosts(f);
        boolean readOnly = f.flag("readOnly").orElse(false);
        return new ContainerOptions(command, entrypoint, volumes, networks, memory, nanoCpus, user, labels, logging,
                extraHosts, readOnly, tmpfs);
    }

    /** The items of a list field, or none when it is absent, wrong, empty or longer than {@code max}. */
    static List<ScalarNode> items(Fields f, String field, int max) {
        List<ScalarNode> items = f.scalarList(field).orElse(List.of());
        if (f.has(field) && items.isEmpty() && f.node(field).get() instanceof SequenceNode s
                && s.getValue().isEmpty()) {
            f.problem(f.node(field).get(), f.path(field), "an empty list; give at least one item or leave the field out");
        }
        if (items.size() > max) {
            f.problem(f.node(field).get(), f.path(field), items.size() + " items; the limit is " + max);
            return List.of();
        }
        return items;
    }

    /** A program's arguments, always a list: a single string would need a shell to split it. */
    static List<String> arguments(Fields f, String field) {
        if (f.node(field).filter(ScalarNode.class::isInstance).isPresent()) {
            f.problem(f.node(field).get(), f.path(field), "expected a list of arguments like [npm, start]; a single"
                    + " string would need a shell to split it");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ScalarNode n : items(f, field, MAX_ARGUMENTS)) {
            String arg = n.getValue();
            if (arg.indexOf('\0') >= 0) {
                f.problem(n, f.path(field), "an argument cannot hold a NUL character");
            } else if (arg.length() > MAX_ARGUMENT_LENGTH) {
                f.problem(n, f.path(field), "an argument is " + arg.length() + " characters; the limit is " + MAX_ARGUMENT_LENGTH);
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    /** Existing networks the host names in {@code allow.networks}; the host's own namespaces never. */
    private static List<String> networks(Fields f, HostPolicy policy) {
        List<String> out = new ArrayList<>();
        for (ScalarNode n : items(f, "networks", MAX_NETWORKS)) {
            String name = n.getValue();
            String problem = Names.networkProblem(name);
            if (problem != null) {
                f.problem(n, "networks", problem);
            } else if (!policy.allowsNetwork(name)) {
                f.problem(n, "networks", "network " + name + " is not allowed on this host; the host config must"
                        + " list it (allow.networks)");
            } else if (out.contains(name)) {
                f.problem(n, "networks", name + " is listed twice");
            } else {
                out.add(name);
            }
        }
        return out;
    }

    private static String user(Fields f) {
        String user = f.string("user", false).orElse("");
        if (f.has("user") && !USER.matcher(user).matches()) {
            f.problem(f.node("user").get(), "user", "expected a user name or id, optionally with a group"
                    + " (like app or 1000:1000), found '" + Names.printable(user) + "'");
            return "";
        }
        return user;
    }

    /** {@code name:ipv4} lines for the container's /etc/hosts. */
    private static List<String> extraHosts(Fields f) {
        List<String> out = new ArrayList<>();
        for (ScalarNode n : items(f, "extraHosts", MAX_EXTRA_HOSTS)) {
            String line = n.getValue();
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String ip = colon < 0 ? "" : line.substring(colon + 1);
            if (name.length() > 253 || !HOST_NAME.matcher(name).matches() || !Names.IPV4.matcher(ip).matches()) {
                f.problem(n, "extraHosts", "expected name:ipv4 like db.internal:10.0.0.5, found '" + Names.printable(line) + "'");
            } else if (out.stream().anyMatch(h -> h.startsWith(name + ":"))) {
                f.problem(n, "extraHosts", name + " is listed twice");
            } else {
                out.add(line);
            }
        }
        return out;
    }
}

package dev.cutover.config;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads {@code cutover.yaml} with the same safe YAML rules and error style as the desired state. */
public final class HostConfigLoader {
    static final Set<String> FIELDS = set("server", "repo", "docker", "nginx", "secretsFile", "admin", "webhook", "notifications");
    static final Set<String> ADMIN = set("listen", "tokenFile");
    static final Set<String> WEBHOOK = set("secretFile");
    static final Set<String> NOTIFICATION = set("url", "format");
    static final Set<String> REPO = set("url", "branch", "path", "interval", "credentials", "username", "workdir");
    static final Set<String> DOCKER = set("host", "config");
    static final Set<String> NGINX = set("upstreamDir", "test", "reload", "probe");

    private HostConfigLoader() {
    }

    public static HostConfig load(Path file) throws InvalidHostConfig {
        Path abs = file.toAbsolutePath().normalize();
        Path base = abs.getParent();
        String label = file.toString();
        List<Problem> problems = new ArrayList<>();
        SafeYaml.Parsed parsed = SafeYaml.parse(abs, label);
        if (parsed.problem().isPresent()) {
            throw new InvalidHostConfig(List.of(parsed.problem().get()));
        }
        Fields f = new Fields(label, "", parsed.root().get(), FIELDS, problems);
        String server = f.string("server", true).orElse("");
        if (f.has("server") && !Names.NAME.matcher(server).matches()) {
            f.problem(f.node("server").get(), "server", "'" + Names.printable(server) + "' is not a valid server name");
        }

        Fields r = section(f, "repo", REPO, problems, true);
        String url = r.string("url", true).orElse("");
        if (!url.isEmpty() && !url.contains("://") && !url.startsWith("git@")) {
            url = base.resolve(url).normalize().toString();
        }
        HostConfig.Repo repo = new HostConfig.Repo(
                url,
                r.string("branch", false).orElse("main"),
                r.string("path", false).orElse("desired-state"),
                r.duration("interval").orElse(Duration.ofSeconds(30)),
                r.string("credentials", false).map(base::resolve),
                r.string("username", false).orElse("x-access-token"),
                base.resolve(r.string("workdir", false).orElse("/var/lib/cutover/repo")));

        Fields d = section(f, "docker", DOCKER, problems, false);
        HostConfig.Docker docker = new HostConfig.Docker(
                d.string("host", false).orElse("unix:///var/run/docker.sock"),
                d.string("config", false).map(base::resolve));

        Fields n = section(f, "nginx", NGINX, problems, false);
        HostConfig.Nginx nginx = new HostConfig.Nginx(
                base.resolve(n.string("upstreamDir", false).orElse("/etc/nginx/cutover")),
                command(n, "test", List.of("nginx", "-t")),
                command(n, "reload", List.of("nginx", "-s", "reload")),
                listen(n, "probe", "127.0.0.1:8099"));

        Optional<Path> secrets = f.string("secretsFile", false).map(base::resolve);

        Fields a = section(f, "admin", ADMIN, problems, false);
        HostConfig.Admin admin = new HostConfig.Admin(listen(a, "listen", HostConfig.Admin.DEFAULT.listen()),
                a.string("tokenFile", false).map(base::resolve));
        Fields w = section(f, "webhook", WEBHOOK, problems, false);
        Optional<Path> webhookSecret = w.string("secretFile", false).map(base::resolve);
        List<HostConfig.Notification> notifications = notifications(f, problems);

        if (!problems.isEmpty()) {
            throw new InvalidHostConfig(problems);
        }
        return new HostConfig(abs, server, repo, docker, nginx, secrets, admin, webhookSecret, notifications,
                HostConfig.Exposure.NONE);
    }

    /** A sub-mapping; when optional and absent, an empty one so defaults apply. */
    private static Fields section(Fields parent, String name, Set<String> known, List<Problem> problems, boolean required) {
        Optional<Node> node = required ? parent.required(name) : parent.node(name);
        Node n = node.orElseGet(Fields::emptyMapping);
        return new Fields(parent.file(), name, n, known, problems);
    }

    /** A host:port to listen on; the host must be an IPv4 address. */
    private static String listen(Fields f, String name, String fallback) {
        String value = f.string(name, false).orElse(fallback);
        int colon = value.lastIndexOf(':');
        boolean ok = colon > 0 && Names.IPV4.matcher(value.substring(0, colon)).matches()
                && value.substring(colon + 1).matches("[0-9]{1,5}") && Integer.parseInt(value.substring(colon + 1)) <= 65535;
        if (!ok) {
            f.problem(f.node(name).get(), f.path(name), "expected an address like 127.0.0.1:9470, found '" + Names.printable(value) + "'");
        }
        return value;
    }

    private static List<HostConfig.Notification> notifications(Fields f, List<Problem> problems) {
        List<HostConfig.Notification> out = new ArrayList<>();
        Optional<Node> node = f.node("notifications");
        if (node.isEmpty()) {
            return out;
        }
        if (!(node.get() instanceof org.yaml.snakeyaml.nodes.SequenceNode seq)) {
            f.problem(node.get(), "notifications", "expected a list of {url, format}");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Fields n = new Fields(f.file(), "notifications[" + i + "]", seq.getValue().get(i), NOTIFICATION, problems);
            String url = n.string("url", true).orElse("");
            if (!url.isEmpty() && !url.matches("https?://[^\\s]+")) {
                n.problem(n.node("url").get(), n.path("url"), "expected an http(s) URL");
            }
            String format = n.string("format", false).orElse("generic");
            try {
                out.add(new HostConfig.Notification(url, HostConfig.Notification.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                n.problem(n.node("format").get(), n.path("format"), "expected generic, slack or discord, found '" + Names.printable(format) + "'");
            }
        }
        return out;
    }

    /** A command is a list of arguments, never a shell string. */
    private static List<String> command(Fields f, String name, List<String> fallback) {
        Optional<List<ScalarNode>> items = f.scalarList(name);
        if (items.isEmpty()) {
            return fallback;
        }
        if (items.get().isEmpty()) {
            f.problem(f.node(name).get(), f.path(name), "the command needs at least the program to run");
            return fallback;
        }
        return items.get().stream().map(ScalarNode::getValue).toList();
    }

    private static Set<String> set(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}

package dev.cutover.config;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code cutover.yaml} with the same safe YAML rules and error style as the desired
 * state. The host is trusted, but its config file is still checked as if it were not: a typo
 * must not open a listener to the network, point git at a command-running transport or put a
 * token into a log line.
 */
public final class HostConfigLoader {
    static final Set<String> FIELDS = set("server", "repo", "docker", "nginx", "secretsFile", "admin", "webhook",
            "notifications", "exposure", "allow", "deploy", "prometheus", "fleet");
    static final Set<String> ADMIN = set("listen", "tokenFile");
    static final Set<String> WEBHOOK = set("secretFile");
    static final Set<String> NOTIFICATION = set("url", "format");
    static final Set<String> REPO = set("url", "branch", "path", "interval", "credentials", "username", "workdir");
    static final Set<String> DOCKER = set("host", "config", "namePrefix");
    static final Set<String> FLEET = set("publish", "heartbeat");
    static final Set<String> NGINX = set("upstreamDir", "test", "reload", "probe", "accessLog", "pidFile");
    static final Set<String> EXPOSURE = set("admin", "probe", "appBinds");
    static final Set<String> ALLOW = set("bindMounts", "networks");
    static final Set<String> DEPLOY = set("parallelism");
    static final Set<String> PROMETHEUS = set("url");

    private HostConfigLoader() {
    }

    /** Never throws anything but {@link InvalidHostConfig}: the command line prints one line per problem. */
    public static HostConfig load(Path file) throws InvalidHostConfig {
        String label = file.toString();
        try {
            return read(file, label);
        } catch (RuntimeException | StackOverflowError e) {
            // A surprise inside a library must still end as one line naming the file.
            throw new InvalidHostConfig(List.of(new Problem(label, 0, "",
                    "cannot be read (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private static HostConfig read(Path file, String label) throws InvalidHostConfig {
        Path abs = file.toAbsolutePath().normalize();
        Path base = abs.getParent();
        List<Problem> problems = new ArrayList<>();
        SafeYaml.Parsed parsed = SafeYaml.parse(abs, label);
        if (parsed.problem().isPresent()) {
            throw new InvalidHostConfig(List.of(parsed.problem().get()));
        }
        Fields f = new Fields(label, "", parsed.root().get(), FIELDS, problems);
        String server = f.string("server", true).orElse("");
        if (f.has("server") && !Names.NAME.matcher(server).matches()) {
            f.problem(f.node("server").get(), "server", Printable.quote(server) + " is not a valid server name");
        }
        HostConfig.Exposure exposure = exposure(section(f, "exposure", EXPOSURE, problems, false));
        HostConfig.Repo repo = repo(section(f, "repo", REPO, problems, true), base);

        Fields d = section(f, "docker", DOCKER, problems, false);
        String dockerHost = d.string("host", false).orElse("unix:///var/run/docker.sock");
        check(d, "host", Urls.dockerHost(dockerHost));
        String prefix = d.string("namePrefix", false).orElse("");
        if (!prefix.matches("[a-z0-9-]{0,20}")) {
            check(d, "namePrefix", Optional.of(Printable.quote(prefix) + " is not a container name prefix (a-z, 0-9 and -, at most 20)"));
        }
        HostConfig.Docker docker = new HostConfig.Docker(dockerHost, path(d, "config", base), prefix);
        HostConfig.Fleet fleet = fleet(section(f, "fleet", FLEET, problems, false));
        HostConfig.Allow allow = AllowRules.read(section(f, "allow", ALLOW, problems, false), dockerHost);

        Fields n = section(f, "nginx", NGINX, problems, false);
        Listener probe = listen(n, "probe", "127.0.0.1:8099", exposure.probe(), "exposure.probe");
        HostConfig.Nginx nginx = new HostConfig.Nginx(
                path(n, "upstreamDir", base).orElse(base.resolve("/etc/nginx/cutover")),
                command(n, "test", List.of("nginx", "-t")),
                command(n, "reload", List.of("nginx", "-s", "reload")),
                probe.text(),
                path(n, "accessLog", base).orElse(HostConfig.Nginx.DEFAULT_ACCESS_LOG),
                path(n, "pidFile", base).orElse(HostConfig.Nginx.DEFAULT_PID_FILE));

        Optional<Path> secrets = path(f, "secretsFile", base);
        Fields a = section(f, "admin", ADMIN, problems, false);
        Listener adminListen = listen(a, "listen", HostConfig.Admin.DEFAULT.listen(), exposure.admin(), "exposure.admin");
        HostConfig.Admin admin = new HostConfig.Admin(adminListen.text(), path(a, "tokenFile", base));
        samePort(adminListen, probe, n, a);

        Fields w = section(f, "webhook", WEBHOOK, problems, false);
        Optional<Path> webhookSecret = path(w, "secretFile", base);
        List<HostConfig.Notification> notifications = notifications(f, problems);
        HostConfig.Deploy deploy = deploy(section(f, "deploy", DEPLOY, problems, false));
        Fields p = section(f, "prometheus", PROMETHEUS, problems, false);
        Optional<String> prometheusUrl = p.string("url", false);
        prometheusUrl.ifPresent(u -> check(p, "url", Urls.prometheus(u)));

        if (!problems.isEmpty()) {
            throw new InvalidHostConfig(problems);
        }
        return new HostConfig(abs, server, repo, docker, nginx, secrets, admin, webhookSecret, notifications, exposure, allow,
                deploy, prometheusUrl.map(URI::create), fleet);
    }

    private static HostConfig.Fleet fleet(Fields s) {
        boolean publish = s.flag("publish").orElse(HostConfig.Fleet.DEFAULT.publish());
        Duration heartbeat = s.duration("heartbeat").orElse(HostConfig.Fleet.DEFAULT.heartbeat());
        if (heartbeat.compareTo(Duration.ofMillis(100)) < 0 || heartbeat.compareTo(Duration.ofHours(1)) > 0) {
            check(s, "heartbeat", Optional.of("expected 100ms to 1h, found " + heartbeat.toMillis() + "ms"));
        }
        return new HostConfig.Fleet(publish, heartbeat);
    }

    private static HostConfig.Deploy deploy(Fields d) {
        int parallelism = d.integer("parallelism", false).orElse(HostConfig.Deploy.DEFAULT.parallelism());
        if (parallelism < 1 || parallelism > HostConfig.Deploy.MAX_PARALLELISM) {
            check(d, "parallelism", Optional.of("expected 1 to " + HostConfig.Deploy.MAX_PARALLELISM
                    + " apps deploying at once, found " + parallelism));
            return HostConfig.Deploy.DEFAULT;
        }
        return new HostConfig.Deploy(parallelism);
    }

    private static HostConfig.Repo repo(Fields r, Path base) {
        String url = r.string("url", true).orElse("");
        Optional<String> urlProblem = r.has("url") ? RepoRules.url(url) : Optional.empty();
        check(r, "url", urlProblem);
        if (!url.isEmpty() && urlProblem.isEmpty() && !RepoRules.isRemote(url)) {
            url = resolve(r, "url", url, base).map(p -> p.normalize().toString()).orElse(url);
        }
        String branch = r.string("branch", false).orElse("main");
        check(r, "branch", RepoRules.branch(branch));
        String folder = r.string("path", false).orElse("desired-state");
        check(r, "path", RepoRules.path(folder));
        Duration interval = r.duration("interval").orElse(Duration.ofSeconds(30));
        check(r, "interval", RepoRules.interval(interval));
        return new HostConfig.Repo(url, branch, folder, interval,
                path(r, "credentials", base),
                r.string("username", false).orElse("x-access-token"),
                path(r, "workdir", base).orElse(base.resolve("/var/lib/cutover/repo")));
    }

    private static HostConfig.Exposure exposure(Fields e) {
        boolean admin = flag(e, "admin");
        boolean probe = flag(e, "probe");
        Set<String> binds = new LinkedHashSet<>();
        e.scalarList("appBinds").ifPresent(items -> {
            for (ScalarNode item : items) {
                if (ListenAddress.IPV4.matcher(item.getValue()).matches()) {
                    binds.add(item.getValue());
                } else {
                    e.problem(item, e.path("appBinds"), "expected IPv4 addresses like 10.0.0.5, found "
                            + Printable.quote(item.getValue()));
                }
            }
        });
        return new HostConfig.Exposure(admin, probe, binds);
    }

    /** An opt-in: only the words true and false, so {@code yes}, {@code on} or {@code 1} are not guessed at. */
    private static boolean flag(Fields f, String name) {
        return f.flag(name).orElse(false);
    }

    /** A listener's address as written, and where it was written (empty for the default). */
    private record Listener(String text, Optional<ListenAddress> address, Optional<Node> node, String field) {
    }

    /** A host:port to listen on; beyond loopback only with the named opt-in. */
    private static Listener listen(Fields f, String name, String fallback, boolean exposed, String optIn) {
        String value = f.string(name, false).orElse(fallback);
        Optional<Node> node = f.node(name);
        Optional<ListenAddress> address = ListenAddress.parse(value);
        if (node.isPresent()) {
            if (address.isEmpty()) {
                f.problem(node.get(), f.path(name), "expected an address like 127.0.0.1:9470, found " + Printable.quote(value));
            } else if (address.get().port() == 0) {
                f.problem(node.get(), f.path(name), "port 0 is not allowed; give the port to listen on");
            } else if (!address.get().loopback() && !exposed) {
                f.problem(node.get(), f.path(name), address.get().host() + " is not a loopback address; set "
                        + optIn + ": true to listen beyond loopback");
            }
        }
        return new Listener(value, address, node, f.path(name));
    }

    /** The admin listener and nginx's probe listener cannot share a port (policy() reserves both). */
    private static void samePort(Listener admin, Listener probe, Fields nginx, Fields adminFields) {
        if (admin.address().isEmpty() || probe.address().isEmpty()
                || admin.address().get().port() != probe.address().get().port()) {
            return;
        }
        Listener at = probe.node().isPresent() ? probe : admin;
        Listener other = at == probe ? admin : probe;
        Fields where = at == probe ? nginx : adminFields;
        where.problem(at.node().orElseThrow(), at.field(), "port " + probe.address().get().port()
                + " is also " + other.field() + "'s; the admin and probe listeners need different ports");
    }

    /** A file or folder; relative to the config file's folder. Meaning unchanged, errors escaped. */
    private static Optional<Path> path(Fields f, String name, Path base) {
        return f.string(name, false).flatMap(value -> resolve(f, name, value, base));
    }

    private static Optional<Path> resolve(Fields f, String name, String value, Path base) {
        if (value.isEmpty()) {
            f.problem(f.node(name).get(), f.path(name), "expected a path, found an empty string");
            return Optional.empty();
        }
        try {
            return Optional.of(base.resolve(value));
        } catch (InvalidPathException e) {
            f.problem(f.node(name).get(), f.path(name), Printable.quote(value) + " is not a usable path");
            return Optional.empty();
        }
    }

    private static void check(Fields f, String name, Optional<String> problem) {
        problem.ifPresent(message -> f.problem(f.node(name).orElseGet(Fields::emptyMapping), f.path(name), message));
    }

    /** A sub-mapping; when optional and absent, an empty one so defaults apply. */
    private static Fields section(Fields parent, String name, Set<String> known, List<Problem> problems, boolean required) {
        Optional<Node> node = required ? parent.required(name) : parent.node(name);
        Node n = node.orElseGet(Fields::emptyMapping);
        return new Fields(parent.file(), name, n, known, problems);
    }

    private static List<HostConfig.Notification> notifications(Fields f, List<Problem> problems) {
        List<HostConfig.Notification> out = new ArrayList<>();
        Optional<Node> node = f.node("notifications");
        if (node.isEmpty()) {
            return out;
        }
        if (!(node.get() instanceof SequenceNode seq)) {
            f.problem(node.get(), "notifications", "expected a list of {url, format}");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Fields n = new Fields(f.file(), "notifications[" + i + "]", seq.getValue().get(i), NOTIFICATION, problems);
            String url = n.string("url", true).orElse("");
            if (n.has("url")) {
                check(n, "url", Urls.notification(url));
            }
            String format = n.string("format", false).orElse("generic");
            try {
                out.add(new HostConfig.Notification(url, HostConfig.Notification.Format.valueOf(format.toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                n.problem(n.node("format").get(), n.path("format"), "expected generic, slack or discord, found " + Printable.quote(format));
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
        List<String> command = items.get().stream().map(ScalarNode::getValue).toList();
        Optional<String> problem = Commands.check(command);
        check(f, name, problem);
        return problem.isPresent() ? fallback : command;
    }

    private static Set<String> set(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}

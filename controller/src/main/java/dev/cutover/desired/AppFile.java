package dev.cutover.desired;

import dev.cutover.common.ContainerOptions;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads and validates {@code apps/<name>.yaml} into an {@link AppSpec}. */
final class AppFile {
    static final Set<String> FIELDS = withContainerFields(orderedSet("image", "port", "slots", "bind", "health",
            "drainTimeout", "stopTimeout", "env", "secrets", "upstream", "keepImages", "bake", "strategy", "canary", "release",
            "workers", "keepalive", "replicas"));
    static final Set<String> SLOT_FIELDS = orderedSet("blue", "green");
    static final Set<String> BAKE_FIELDS = orderedSet("duration", "errorPercent", "minErrors", "window", "latencyFactor",
            "minRequests", "query", "queryMax", "queryEvery");
    static final Set<String> HEALTH_FIELDS = orderedSet("path", "timeout", "interval", "deadline", "successes", "settle");

    static final String DEFAULT_BIND = "127.0.0.1";
    static final int MAX_KEEPALIVE = 1024;
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);
    static final Duration DEFAULT_STOP = Duration.ofSeconds(10);
    static final int DEFAULT_KEEP_IMAGES = 3;
    /** Far more than any app needs; bounds what one file can make the host carry per container. */
    static final int MAX_ENV = 1000;

    private AppFile() {
    }

    /** Validates an app file; returns the spec when it has no problems of its own. */
    static Optional<AppSpec> read(String name, String label, Node root, HostPolicy policy, List<Problem> problems) {
        int before = problems.size();
        Fields f = new Fields(label, "", root, FIELDS, problems);
        String image = f.string("image", true).orElse(null);
        if (image != null && Names.imageProblem(image) != null) {
            f.problem(f.node("image").get(), "image", Names.imageProblem(image));
        }
        int port = port(f, "port", true, 0);
        int[] slots = slots(f, problems, true, policy);
        String bind = bind(f, policy);
        HealthCheck health = health(f, problems);
        Duration drain = bounded(f, "drainTimeout", DEFAULT_DRAIN, Duration.ZERO, Duration.ofHours(1));
        Duration stop = bounded(f, "stopTimeout", DEFAULT_STOP, Duration.ZERO, Duration.ofMinutes(10));
        Map<String, String> env = env(f, problems);
        List<String> secrets = secrets(f, env);
        String upstream = f.string("upstream", false).orElse(name.replace('-', '_'));
        if (f.has("upstream") && !Names.UPSTREAM.matcher(upstream).matches()) {
            f.problem(f.node("upstream").get(), "upstream",
                    "'" + Names.printable(upstream) + "' is not a valid nginx upstream name (a-z, 0-9, _; starting with a letter)");
        }
        Bake bake = bake(f, policy, problems).withCanary(canary(f, problems));
        int keep = f.integer("keepImages", false).orElse(DEFAULT_KEEP_IMAGES);
        if (keep < 0 || keep > 100) {
            f.problem(f.node("keepImages").get(), "keepImages", "must be between 0 and 100, found " + keep);
        }
        ContainerOptions container = ContainerFields.read(f, policy, problems);
        Optional<Release> release = release(f, problems);
        List<Worker> workers = WorkerFields.read(f, stop, problems);
        int keepalive = within(f, "keepalive", 0, 0, MAX_KEEPALIVE);
        int replicas = within(f, "replicas", 1, 1, AppSpec.MAX_REPLICAS);
        if (replicas > 1 && f.has("replicas")) {
            Replicas.check(f, slots[0], slots[1], replicas, policy);
            if (bake.canary().isPresent()) {
                f.problem(f.node("replicas").get(), "replicas", "a canary weighs one container per colour; use strategy: bluegreen"
                        + " with replicas (the bake judges every replica)");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new AppSpec(name, image, port, slots[0], slots[1], bind, health, drain, stop,
                env, secrets, upstream, keep, bake, container, release, workers, keepalive, replicas));
    }

    /**
     * Reads a {@code slots} mapping; returns {blue, green}, zeros where missing or wrong. A
     * port the host holds itself (admin listener, probe) is refused where it is written.
     */
    static int[] slots(Fields f, List<Problem> problems, boolean required, HostPolicy policy) {
        Optional<Node> node = required ? f.required("slots") : f.node("slots");
        if (node.isEmpty()) {
            return new int[] {0, 0};
        }
        Fields s = new Fields(f.file(), f.path("slots"), node.get(), SLOT_FIELDS, problems);
        int blue = slot(s, "blue", policy);
        int green = slot(s, "green", policy);
        if (blue != 0 && blue == green) {
            s.problem(s.node("green").get(), s.path("green"), "blue and green must use different host ports, both are " + blue);
        }
        return new int[] {blue, green};
    }

    private static int slot(Fields s, String colour, HostPolicy policy) {
        int port = port(s, colour, true, 0);
        String holder = policy.reservedPorts().get(port);
        if (holder != null) {
            s.problem(s.node(colour).get(), s.path(colour), "host port " + port + " is reserved on this host for " + holder);
            return 0;
        }
        return port;
    }

    static int port(Fields f, String field, boolean required, int fallback) {
        Optional<Integer> p = f.integer(field, required);
        if (p.isPresent() && (p.get() < 1 || p.get() > 65535)) {
            f.problem(f.node(field).get(), f.path(field), "port must be between 1 and 65535, found " + p.get());
            return fallback;
        }
        return p.orElse(fallback);
    }

    /**
     * Reads {@code bind}: an IPv4 address, on loopback unless the host config allows it, since
     * publishing a slot beyond loopback exposes the app around nginx.
     */
    static String bind(Fields f, HostPolicy policy) {
        String bind = f.string("bind", false).orElse(DEFAULT_BIND);
        if (!Names.IPV4.matcher(bind).matches()) {
            f.problem(f.node("bind").get(), f.path("bind"), "expected an IPv4 address like 127.0.0.1, found '" + Names.printable(bind) + "'");
        } else if (!policy.allowsBind(bind)) {
            f.problem(f.node("bind").get(), f.path("bind"), bind
                    + " publishes beyond loopback; the host config must allow it (exposure.appBinds)");
        }
        return bind;
    }

    private static HealthCheck health(Fields f, List<Problem> problems) {
        HealthCheck d = HealthCheck.DEFAULT;
        if (!f.has("health")) {
            return d;
        }
        Fields h = new Fields(f.file(), "health", f.node("health").get(), HEALTH_FIELDS, problems);
        String path = h.string("path", false).orElse(d.path());
        String pathProblem = Names.httpPathProblem(path);
        if (pathProblem != null) {
            h.problem(h.node("path").get(), h.path("path"), pathProblem);
        }
        Duration timeout = bounded(h, "timeout", d.timeout(), Duration.ofMillis(10), Duration.ofMinutes(5));
        Duration interval = bounded(h, "interval", d.interval(), Duration.ofMillis(10), Duration.ofMinutes(1));
        Duration deadline = bounded(h, "deadline", d.deadline(), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration settle = bounded(h, "settle", d.settle(), Duration.ZERO, Duration.ofMinutes(10));
        int successes = h.integer("successes", false).orElse(d.successes());
        if (successes < 1 || successes > 100) {
            h.problem(h.node("successes").get(), h.path("successes"), "must be between 1 and 100, found " + successes);
        }
        if (deadline.compareTo(settle) <= 0) {
            h.problem(h.node("deadline").orElse(h.node("settle").orElse(f.node("health").get())), h.path("deadline"),
                    "the deadline (" + human(deadline) + ") leaves no time after the settle window (" + human(settle) + ")");
        }
        if (deadline.compareTo(timeout) < 0) {
            h.problem(h.node("deadline").orElse(h.node("timeout").orElse(f.node("health").get())), h.path("deadline"),
                    "the deadline (" + deadline + ") is shorter than one request's timeout (" + timeout + ")");
        }
        return new HealthCheck(path, timeout, interval, deadline, successes, settle);
    }

    /** Reads {@code bake}: a duration alone ({@code bake: 0s}) or a mapping of the bake's settings. */
    private static Bake bake(Fields f, HostPolicy policy, List<Problem> problems) {
        Bake d = Bake.DEFAULT;
        if (!f.has("bake")) {
            return d;
        }
        if (f.node("bake").get() instanceof ScalarNode) {
            return d.withDuration(bounded(f, "bake", d.duration(), Duration.ZERO, Duration.ofHours(1)));
        }
        Fields b = new Fields(f.file(), "bake", f.node("bake").get(), BAKE_FIELDS, problems);
        Duration duration = bounded(b, "duration", d.duration(), Duration.ZERO, Duration.ofHours(1));
        int errorPercent = within(b, "errorPercent", d.errorPercent(), 0, 100);
        int minErrors = within(b, "minErrors", d.minErrors(), 1, 1_000_000);
        Duration window = bounded(b, "window", d.window(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        int latencyFactor = within(b, "latencyFactor", d.latencyFactor(), 0, 100);
        int minRequests = within(b, "minRequests", d.minRequests(), 1, 1_000_000);
        return new Bake(duration, errorPercent, minErrors, window, latencyFactor, minRequests)
                .withQuery(BakeQueryField.read(b, policy));
    }

    static final Set<String> RELEASE_FIELDS = orderedSet("command", "timeout");

    /** Reads {@code release}: the command (an argument list, required) and its timeout. */
    private static Optional<Release> release(Fields f, List<Problem> problems) {
        if (!f.has("release")) {
            return Optional.empty();
        }
        Fields r = new Fields(f.file(), "release", f.node("release").get(), RELEASE_FIELDS, problems);
        if (!(f.node("release").get() instanceof MappingNode) || r.required("command").isEmpty()) {
            return Optional.empty();
        }
        List<String> command = ContainerFields.arguments(r, "command");
        Duration timeout = bounded(r, "timeout", Release.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Release.MAX_TIMEOUT);
        return command.isEmpty() ? Optional.empty() : Optional.of(new Release(command, timeout));
    }

    static final Set<String> CANARY_FIELDS = orderedSet("steps", "stepDuration", "hashKey");

    /** Reads {@code strategy} and, for {@code canary}, its {@code canary} section. */
    private static Optional<Canary> canary(Fields f, List<Problem> problems) {
        String strategy = f.string("strategy", false).orElse("bluegreen");
        if (!strategy.equals("bluegreen") && !strategy.equals("canary")) {
            f.problem(f.node("strategy").get(), "strategy", "expected bluegreen or canary, found '" + Names.printable(strategy) + "'");
            return Optional.empty();
        }
        if (strategy.equals("bluegreen")) {
            if (f.has("canary")) {
                f.problem(f.node("canary").get(), "canary", "only used with strategy: canary");
            }
            return Optional.empty();
        }
        Optional<Node> node = f.required("canary");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Fields c = new Fields(f.file(), "canary", node.get(), CANARY_FIELDS, problems);
        List<Integer> steps = new ArrayList<>();
        Optional<List<ScalarNode>> list = c.has("steps") ? c.scalarList("steps") : Optional.empty();
        if (!c.has("steps")) {
            c.required("steps");
        }
        for (ScalarNode n : list.orElse(List.of())) {
            int step;
            try {
                step = Integer.parseInt(n.getValue());
            } catch (NumberFormatException e) {
                c.problem(n, c.path("steps"), "expected a percentage like 10, found '" + Names.printable(n.getValue()) + "'");
                continue;
            }
            if (step == 100 && steps.size() == list.get().size() - 1 && !steps.isEmpty()) {
                continue; // a closing 100 is the full switch that follows the steps anyway
            }
            if (step < 1 || step > 99) {
                c.problem(n, c.path("steps"), "each step is a percentage between 1 and 99 (the full switch follows the last), found " + step);
            } else if (!steps.isEmpty() && step <= steps.get(steps.size() - 1)) {
                c.problem(n, c.path("steps"), "steps must grow, " + step + " follows " + steps.get(steps.size() - 1));
            } else {
                steps.add(step);
            }
        }
        if (list.isPresent() && list.get().isEmpty()) {
            c.problem(c.node("steps").get(), c.path("steps"), "at least one step between 1 and 99 is needed");
        }
        if (steps.size() > 10) {
            c.problem(c.node("steps").get(), c.path("steps"), "at most 10 steps, found " + steps.size());
        }
        Duration each = bounded(c, "stepDuration", Canary.DEFAULT_STEP, Duration.ofSeconds(1), Duration.ofHours(1));
        Optional<String> hashKey = c.string("hashKey", false);
        if (hashKey.isPresent() && !Names.NGINX_VARIABLE.matcher(hashKey.get()).matches()) {
            c.problem(c.node("hashKey").get(), c.path("hashKey"),
                    "expected one nginx variable like $cookie_session or $remote_addr, found '" + Names.printable(hashKey.get()) + "'");
            hashKey = Optional.empty();
        }
        return Optional.of(new Canary(steps, each, hashKey));
    }

    static int within(Fields f, String field, int fallback, int min, int max) {
        int value = f.integer(field, false).orElse(fallback);
        if (value < min || value > max) {
            f.problem(f.node(field).get(), f.path(field), "must be between " + min + " and " + max + ", found " + value);
            return fallback;
        }
        return value;
    }

    static Duration bounded(Fields f, String field, Duration fallback, Duration min, Duration max) {
        Optional<Duration> d = f.duration(field);
        if (d.isPresent() && (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0)) {
            f.problem(f.node(field).get(), f.path(field), "must be between " + human(min) + " and " + human(max));
            return fallback;
        }
        return d.orElse(fallback);
    }

    static Map<String, String> env(Fields f, List<Problem> problems) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!f.has("env")) {
            return env;
        }
        Fields e = new Fields(f.file(), f.path("env"), f.node("env").get(), null, problems);
        if (e.entries().size() > MAX_ENV) {
            f.problem(f.node("env").get(), f.path("env"), e.entries().size() + " variables; the limit is " + MAX_ENV);
            return env;
        }
        e.entries().forEach((key, valueNode) -> {
            if (!Names.ENV_NAME.matcher(key).matches()) {
                e.problem(e.keyNode(key), e.path(key), "not a valid environment variable name");
                return;
            }
            e.scalarText(valueNode, e.path(key)).ifPresent(value -> {
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                    e.problem(valueNode, e.path(key), "value must be one line (no newline, carriage return or NUL)");
                } else {
                    env.put(key, value);
                }
            });
        });
        return env;
    }

    private static List<String> secrets(Fields f, Map<String, String> env) {
        List<String> names = new ArrayList<>();
        for (ScalarNode n : f.scalarList("secrets").orElse(List.of())) {
            String name = n.getValue();
            if (!Names.ENV_NAME.matcher(name).matches()) {
                f.problem(n, "secrets", "'" + Names.printable(name) + "' is not a valid secret (environment variable) name");
            } else if (env.containsKey(name)) {
                f.problem(n, "secrets", Names.printable(name) + " is both a secret and a plain env variable");
            } else if (names.contains(name)) {
                f.problem(n, "secrets", Names.printable(name) + " is listed twice");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() % 60 == 0 && d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static Set<String> withContainerFields(Set<String> fields) {
        fields.addAll(ContainerFields.FIELDS);
        return fields;
    }

    static Set<String> orderedSet(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}

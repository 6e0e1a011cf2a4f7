package dev.cutover.compose;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one compose service: its published port, environment, restart policy and
 * healthcheck, and a note for every key the desired state has no place for.
 */
final class ServiceReader {
    private static final Set<String> HEALTHCHECK_TIMING = Set.of("interval", "timeout", "retries", "start_period", "start_interval");

    private final Report report;
    private final Fields svc;
    private final String app;

    private ServiceReader(Report report, Fields svc, String app) {
        this.report = report;
        this.svc = svc;
        this.app = app;
    }

    static Service read(Report report, Fields svc, String name, Node at, ImageRef image, Node imageNode, String app, String server) {
        ServiceReader r = new ServiceReader(report, svc, app);
        for (String key : svc.entries().keySet()) {
            if (!UnmappedKeys.MAPPED.contains(key)) {
                report.notMapped(svc.keyNode(key), svc.path(key), UnmappedKeys.service(key, app, server));
            }
        }
        r.restart();
        Optional<Ports.Published> port = Optional.empty();
        Node portNode = at;
        for (Map.Entry<Node, Ports.Entry> e : r.ports()) {
            String field = svc.path("ports");
            if (e.getValue() instanceof Ports.NotMapped no) {
                report.notMapped(e.getKey(), field, no.why());
            } else if (port.isPresent()) {
                report.notMapped(e.getKey(), field, "a second published port; nginx routes one port per app (the first, "
                        + port.get().host() + ":" + port.get().container() + ", is used)");
            } else {
                port = Optional.of((Ports.Published) e.getValue());
                portNode = e.getKey();
            }
        }
        Optional<String> health = port.flatMap(p -> r.healthPath(p.container()));
        return new Service(name, at, image, imageNode, port, portNode, r.environment(), health, svc.has("healthcheck"));
    }

    private void restart() {
        svc.string("restart", false).filter(p -> !p.equals("unless-stopped")).ifPresent(policy ->
                report.notMapped(svc.node("restart").get(), svc.path("restart"),
                        "Cutover runs every container with restart policy unless-stopped"));
    }

    /** Each entry of {@code ports:} with what it maps to, in file order. */
    private List<Map.Entry<Node, Ports.Entry>> ports() {
        List<Map.Entry<Node, Ports.Entry>> out = new ArrayList<>();
        Optional<Node> node = svc.node("ports");
        if (node.isEmpty()) {
            return out;
        }
        if (!(node.get() instanceof SequenceNode list)) {
            svc.problem(node.get(), svc.path("ports"), "expected a list, found " + Fields.kind(node.get()));
            return out;
        }
        for (Node item : list.getValue()) {
            if (item instanceof MappingNode) {
                Fields p = MergeKeys.fields(svc.file(), svc.path("ports"), item, report.problems());
                Optional<String> target = p.string("target", true);
                target.ifPresent(t -> out.add(Map.entry(item, Ports.longSyntax(t, p.string("published", false).orElse(null),
                        p.string("host_ip", false).orElse(null), p.string("protocol", false).orElse(null)))));
            } else {
                svc.scalarText(item, svc.path("ports")).ifPresent(text -> out.add(Map.entry(item, Ports.shortSyntax(text))));
            }
        }
        return out;
    }

    /** {@code environment:} as a list of {@code NAME=value} or a mapping; names checked here, values classified later. */
    private List<Service.EnvVar> environment() {
        List<Service.EnvVar> out = new ArrayList<>();
        Optional<Node> node = svc.node("environment");
        String field = svc.path("environment");
        if (node.isEmpty()) {
            return out;
        }
        if (node.get() instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                svc.scalarText(item, field).ifPresent(text -> {
                    int eq = text.indexOf('=');
                    add(out, eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1), item, field);
                });
            }
        } else if (node.get() instanceof MappingNode) {
            Fields env = MergeKeys.fields(svc.file(), field, node.get(), report.problems());
            env.entries().forEach((name, value) -> {
                if (Tag.NULL.equals(value.getTag()) && value instanceof ScalarNode) {
                    add(out, name, null, env.keyNode(name), field);
                } else {
                    env.scalarText(value, env.path(name)).ifPresent(text -> add(out, name, text, env.keyNode(name), field));
                }
            });
        } else {
            svc.problem(node.get(), field, "expected a list of NAME=value or a mapping, found " + Fields.kind(node.get()));
        }
        return out;
    }

    private void add(List<Service.EnvVar> out, String name, String value, Node at, String field) {
        if (!Names.ENV_NAME.matcher(name).matches()) {
            report.notMapped(at, field, "'" + Names.printable(name) + "' is not a valid environment variable name");
        } else {
            out.add(new Service.EnvVar(name, value, at));
        }
    }

    /** The path a curl/wget healthcheck fetches on the app's port; a note says why when there is none. */
    private Optional<String> healthPath(int containerPort) {
        Optional<Node> node = svc.node("healthcheck");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Fields hc = MergeKeys.fields(svc.file(), svc.path("healthcheck"), node.get(), report.problems());
        hc.entries().keySet().stream().filter(HEALTHCHECK_TIMING::contains).findFirst().ifPresent(k ->
                report.notMapped(hc.keyNode(k), hc.path(k), "Cutover's gate has its own timing: a probe every 50ms until 3 answers "
                        + "in a row are 2xx and the app stays up 3s, within 60s (health.* in apps/" + app + ".yaml)"));
        Optional<String> test = test(hc);
        if (test.isEmpty()) {
            return Optional.empty();
        }
        HealthcheckPath.Found found = HealthcheckPath.of(test.get(), containerPort);
        if (found.path() == null) {
            report.notMapped(hc.node("test").get(), hc.path("test"), found.why() + "; health.path defaults to /");
        }
        return Optional.ofNullable(found.path());
    }

    /** The healthcheck's test as one line: a shell string, or a list after its CMD / CMD-SHELL word. */
    private static Optional<String> test(Fields hc) {
        Optional<Node> node = hc.node("test");
        if (node.isEmpty() || hc.string("disable", false).filter("true"::equals).isPresent()) {
            return Optional.empty();
        }
        if (node.get() instanceof SequenceNode) {
            List<String> words = new ArrayList<>();
            hc.scalarList("test").orElse(List.of()).forEach(s -> words.add(s.getValue()));
            if (!words.isEmpty() && words.get(0).startsWith("CMD")) {
                words.remove(0);
            }
            return words.isEmpty() || words.get(0).equals("NONE") ? Optional.empty() : Optional.of(String.join(" ", words));
        }
        return hc.string("test", false);
    }
}

package dev.cutover.desired;

import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates {@code rollouts/<app>.yaml}. Waves are either lists of server names, or
 * sizes (a count like {@code 1} or a share like {@code 25%}) taken in order from
 * {@code servers:}, the servers left over forming one last wave.
 */
final class RolloutFile {
    static final Set<String> FIELDS = AppFile.orderedSet("tag", "servers", "waves", "waveBake", "serverTimeout", "allAtOnce");
    static final int MAX_SERVERS = 1000;
    static final int MAX_WAVES = 100;
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,4})(%?)");

    private RolloutFile() {
    }

    /**
     * @param serverExists whether {@code servers/<name>.yaml} is there: a rollout may only name servers that have one
     */
    static Optional<Rollout> read(String app, String label, Node root, Predicate<String> serverExists, List<Problem> problems) {
        int before = problems.size();
        Fields f = new Fields(label, "", root, FIELDS, problems);
        String tag = f.string("tag", true).orElse(null);
        if (tag != null && !Names.TAG.matcher(tag).matches()) {
            f.problem(f.node("tag").get(), "tag", "'" + Names.printable(tag) + "' is not a valid image tag (letters, digits, _ . -; at most 128)");
        }
        List<String> listed = f.has("servers") ? names(f, "servers", f.node("servers").get(), problems) : List.of();
        List<List<String>> waves = waves(f, listed, problems);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < waves.size(); i++) {
            for (String s : waves.get(i)) {
                Integer other = seen.putIfAbsent(s, i + 1);
                if (other != null) {
                    f.problem(f.node("waves").get(), "waves", "server " + s + " is in wave " + other + " and in wave " + (i + 1));
                } else if (!serverExists.test(s)) {
                    f.problem(f.node(f.has("servers") ? "servers" : "waves").get(), f.has("servers") ? "servers" : "waves",
                            "no servers/" + s + ".yaml: every server of a rollout needs its server file");
                }
            }
        }
        if (seen.size() > MAX_SERVERS) {
            f.problem(root, "waves", seen.size() + " servers; the limit is " + MAX_SERVERS);
        }
        Duration waveBake = AppFile.bounded(f, "waveBake", Duration.ZERO, Duration.ZERO, Duration.ofDays(7));
        Duration timeout = AppFile.bounded(f, "serverTimeout", Rollout.DEFAULT_SERVER_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(7));
        boolean allAtOnce = f.flag("allAtOnce").orElse(false);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Rollout(app, tag, waves, waveBake, timeout, allAtOnce));
    }

    /** The waves, resolved to server names; empty after a problem. */
    private static List<List<String>> waves(Fields f, List<String> listed, List<Problem> problems) {
        Optional<Node> node = f.required("waves");
        if (node.isEmpty()) {
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            f.problem(node.get(), "waves", "expected a list of waves (lists of servers, or sizes like 1 or 25%)");
            return List.of();
        }
        if (seq.getValue().size() > MAX_WAVES) {
            f.problem(node.get(), "waves", seq.getValue().size() + " waves; the limit is " + MAX_WAVES);
            return List.of();
        }
        boolean byName = seq.getValue().get(0) instanceof SequenceNode;
        if (byName && f.has("servers")) {
            f.problem(f.node("servers").get(), "servers", "only with wave sizes; waves that list servers say which servers there are");
            return List.of();
        }
        if (!byName && !f.has("servers")) {
            f.problem(node.get(), "waves", "wave sizes need the list of servers: add servers: [...]");
            return List.of();
        }
        List<List<String>> waves = new ArrayList<>();
        int taken = 0;
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node wave = seq.getValue().get(i);
            String at = "waves[" + (i + 1) + "]";
            if (byName != (wave instanceof SequenceNode)) {
                f.problem(wave, at, "every wave is a list of servers, or every wave is a size; not both");
                return List.of();
            }
            if (byName) {
                List<String> servers = names(f, at, wave, problems);
                if (servers.isEmpty()) {
                    f.problem(wave, at, "a wave needs at least one server");
                }
                waves.add(servers);
                continue;
            }
            int size = size(f, at, wave, listed.size());
            if (size == 0) {
                return List.of();
            }
            int end = Math.min(listed.size(), taken + size);
            if (end > taken) {
                waves.add(listed.subList(taken, end));
            }
            taken = end;
        }
        if (!byName && taken < listed.size()) {
            waves.add(listed.subList(taken, listed.size())); // the rest: one last wave
        }
        return waves;
    }

    /** A wave size: a count, or a share of all servers rounded up; 0 after a problem. */
    private static int size(Fields f, String at, Node n, int servers) {
        Optional<String> text = f.scalarText(n, at);
        Matcher m = text.map(SIZE::matcher).filter(Matcher::matches).orElse(null);
        if (m == null) {
            text.ifPresent(t -> f.problem(n, at, "expected a count like 2 or a share like 25%, found '" + Names.printable(t) + "'"));
            return 0;
        }
        int value = Integer.parseInt(m.group(1));
        boolean share = !m.group(2).isEmpty();
        if (value < 1 || share && value > 100) {
            f.problem(n, at, share ? "a share is between 1% and 100%" : "a wave has at least one server");
            return 0;
        }
        return share ? (int) Math.ceil(servers * value / 100.0) : value;
    }

    private static List<String> names(Fields f, String at, Node n, List<Problem> problems) {
        if (!(n instanceof SequenceNode seq)) {
            f.problem(n, at, "expected a list of server names, found " + Fields.kind(n));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Node item : seq.getValue()) {
            Optional<String> name = f.scalarText(item, at);
            if (name.isEmpty()) {
                continue;
            }
            if (!(item instanceof ScalarNode) || !Names.NAME.matcher(name.get()).matches()) {
                f.problem(item, at, "'" + Names.printable(name.get()) + "' is not a valid server name");
            } else if (!out.add(name.get())) {
                f.problem(item, at, "server " + name.get() + " is listed twice");
            }
        }
        return List.copyOf(out);
    }
}

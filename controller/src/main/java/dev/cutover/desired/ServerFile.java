package dev.cutover.desired;

import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates {@code servers/<name>.yaml}: the apps this server runs, each at a tag,
 * with optional per-server overrides of {@code slots}, {@code bind} and {@code env}. Checks
 * what only makes sense per server: every named app exists, and no two apps share a host
 * port or an nginx upstream.
 */
final class ServerFile {
    static final Set<String> FIELDS = AppFile.orderedSet("apps");
    static final Set<String> ENTRY_FIELDS = AppFile.orderedSet("tag", "slots", "bind", "env");

    /** What the loader knows of an app named by a server. */
    sealed interface AppLookup permits Found, Missing, Broken {
    }

    record Found(AppSpec spec) implements AppLookup {
    }

    record Missing() implements AppLookup {
    }

    /** The app file exists but has problems of its own, already reported. */
    record Broken() implements AppLookup {
    }

    private ServerFile() {
    }

    /**
     * @param rollouts the rollouts that name this server: each gives its app's tag, unless the
     *                 entry here has a {@code tag} of its own (pinned, which wins); an app a
     *                 rollout names and this file does not list runs with its app file's settings
     */
    static Optional<DesiredState> read(String server, String label, Node root, Function<String, AppLookup> apps,
                                       List<Rollout> rollouts, HostPolicy policy, List<Problem> problems) {
        int before = problems.size();
        Map<String, Rollout> byApp = new LinkedHashMap<>();
        rollouts.forEach(r -> byApp.put(r.app(), r));
        List<RolloutPlace> places = new ArrayList<>();
        Fields f = new Fields(label, "", root, FIELDS, problems);
        List<DesiredApp> desired = new ArrayList<>();
        Map<Integer, String> portOwners = new HashMap<>();
        Map<String, String> upstreamOwners = new HashMap<>();
        Optional<Node> appsNode = f.required("apps");
        if (appsNode.isEmpty()) {
            return Optional.empty();
        }
        Fields appsField = new Fields(label, "apps", appsNode.get(), null, problems);
        for (Map.Entry<String, Node> e : appsField.entries().entrySet()) {
            String app = e.getKey();
            Node keyNode = appsField.keyNode(app);
            if (!Names.NAME.matcher(app).matches()) {
                appsField.problem(keyNode, appsField.path(app), "'" + Names.printable(app) + "' is not a valid app name");
                continue;
            }
            Fields entry = new Fields(label, appsField.path(app), e.getValue(), ENTRY_FIELDS, problems);
            Rollout rollout = byApp.remove(app);
            String tag = entry.string("tag", rollout == null).orElse(null);
            if (tag != null && !Names.TAG.matcher(tag).matches()) {
                entry.problem(entry.node("tag").get(), entry.path("tag"),
                        "'" + Names.printable(tag) + "' is not a valid image tag (letters, digits, _ . -; at most 128)");
                tag = null;
            }
            int[] slots = AppFile.slots(entry, problems, false, policy);
            String bind = entry.has("bind") ? AppFile.bind(entry, policy) : null;
            Map<String, String> envOverride = AppFile.env(entry, problems);
            AppLookup lookup = apps.apply(app);
            if (lookup instanceof Missing) {
                appsField.problem(keyNode, appsField.path(app), "no apps/" + app + ".yaml defines this app");
                continue;
            }
            if (rollout != null) {
                places.add(new RolloutPlace(rollout, rollout.waveOf(server).orElseThrow(), tag != null));
                tag = tag != null ? tag : rollout.tag();
            }
            if (!(lookup instanceof Found found) || tag == null) {
                continue;
            }
            AppSpec spec = override(found.spec(), slots, bind, envOverride);
            if (spec.replicas() > 1 && (slots[0] != 0 || slots[1] != 0)) {
                Replicas.check(entry, spec.bluePort(), spec.greenPort(), spec.replicas(), policy);
            }
            claimAll(spec, app, portOwners, upstreamOwners, entry, keyNode, entry.path("slots"), appsField.path(app));
            desired.add(new DesiredApp(spec, tag));
        }
        for (Rollout rollout : byApp.values()) { // named by a rollout only: the app file's settings
            String app = rollout.app();
            places.add(new RolloutPlace(rollout, rollout.waveOf(server).orElseThrow(), false));
            if (apps.apply(app) instanceof Found found) {
                claimAll(found.spec(), app, portOwners, upstreamOwners, f, root, "apps." + app, "apps." + app);
                desired.add(new DesiredApp(found.spec(), rollout.tag()));
            }
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new DesiredState(server, desired, places));
    }

    /** Claims the app's host ports and nginx upstream on this server; a second claimant is a problem. */
    private static void claimAll(AppSpec spec, String app, Map<Integer, String> portOwners, Map<String, String> upstreamOwners,
                                 Fields at, Node node, String portField, String upstreamField) {
        for (int port : spec.ports(spec.bluePort())) {
            claim(portOwners, port, app + " (blue)", at, node, portField);
        }
        for (int port : spec.ports(spec.greenPort())) {
            claim(portOwners, port, app + " (green)", at, node, portField);
        }
        String other = upstreamOwners.putIfAbsent(spec.upstream(), app);
        if (other != null) {
            at.problem(node, upstreamField, "nginx upstream '" + spec.upstream() + "' is also used by " + other);
        }
    }

    private static void claim(Map<Integer, String> owners, int port, String who, Fields at, Node node, String field) {
        String other = owners.putIfAbsent(port, who);
        if (other != null) {
            at.problem(node, field, "host port " + port + " of " + who + " is already used by " + other);
        }
    }

    private static AppSpec override(AppSpec a, int[] slots, String bind, Map<String, String> env) {
        Map<String, String> mergedEnv = new LinkedHashMap<>(a.env());
        mergedEnv.putAll(env);
        return new AppSpec(a.name(), a.image(), a.port(),
                slots[0] != 0 ? slots[0] : a.bluePort(),
                slots[1] != 0 ? slots[1] : a.greenPort(),
                bind != null ? bind : a.bind(),
                a.health(), a.drainTimeout(), a.stopTimeout(), mergedEnv, a.secrets(), a.upstream(), a.keepImages(),
                a.bake(), a.container(), a.release(), a.workers(), a.keepalive(), a.replicas());
    }
}

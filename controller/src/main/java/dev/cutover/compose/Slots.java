package dev.cutover.compose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Host ports across all imported apps: every slot on one server must be distinct. The ports
 * written in the compose file are claimed first, in file order (a later app that reuses one
 * is left out with a note); then each app that came from one service gets a green slot: the
 * next port above its own that nobody uses.
 */
final class Slots {
    /** An app with the node its port notes point at. */
    record Placed(ImportedApp app, Node portNode, String field) {
    }

    private Slots() {
    }

    static List<ImportedApp> assign(Report report, List<Placed> placed) {
        Map<Integer, String> owners = new HashMap<>();
        List<Placed> kept = new ArrayList<>();
        for (Placed p : placed) {
            ImportedApp a = p.app();
            String clash = clash(owners, a.blue(), a.green());
            if (clash != null) {
                report.notMapped(p.portNode(), p.field(), "host port " + clash + "; every slot on a server is its own, so "
                        + a.name() + " is left out: give it other ports");
                continue;
            }
            owners.put(a.blue(), a.name());
            if (a.green() != 0) {
                owners.put(a.green(), a.name());
            }
            kept.add(p);
        }
        Set<Integer> used = new HashSet<>(owners.keySet());
        List<ImportedApp> out = new ArrayList<>();
        for (Placed p : kept) {
            ImportedApp a = p.app();
            if (a.green() == 0) {
                int green = free(used, a.blue());
                used.add(green);
                report.note(p.portNode(), p.field(), "slots: blue " + a.blue() + " (its published port), green " + green
                        + " (the second colour's port: keep it free on the host)");
                a = a.withGreen(green);
            }
            out.add(a);
        }
        return out;
    }

    /** Why blue or green is taken, or null. */
    private static String clash(Map<Integer, String> owners, int blue, int green) {
        for (int port : new int[] {blue, green}) {
            if (port != 0 && owners.containsKey(port)) {
                return port + " is already " + owners.get(port) + "'s";
            }
        }
        return null;
    }

    /** The first unused port above {@code from}, else below it. */
    private static int free(Set<Integer> used, int from) {
        for (int p = from + 1; p <= 65535; p++) {
            if (!used.contains(p)) {
                return p;
            }
        }
        for (int p = from - 1; p >= 1; p--) {
            if (!used.contains(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port");
    }
}

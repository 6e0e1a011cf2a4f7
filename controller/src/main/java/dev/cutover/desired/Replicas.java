package dev.cutover.desired;

import dev.cutover.yaml.Fields;

/**
 * The host ports of an app's replicas: replica i of a colour listens on the colour's slot port
 * plus i, so each colour takes a run of {@code replicas} ports from its slot up. The two runs
 * must not overlap, stay below 65536 and miss the ports the host holds itself.
 */
final class Replicas {
    private Replicas() {
    }

    /** Reports at {@code f}'s {@code replicas} (or {@code slots}) what is wrong with the two runs of ports, if anything. */
    static void check(Fields f, int blue, int green, int replicas, HostPolicy policy) {
        if (blue == 0 || green == 0) {
            return; // the slots themselves are wrong, and said so
        }
        String field = f.has("replicas") ? "replicas" : "slots";
        var at = f.node(field).orElseGet(() -> f.node("slots").orElseThrow());
        String path = f.path(field);
        int top = Math.max(blue, green) + replicas - 1;
        if (top > 65535) {
            f.problem(at, path, replicas + " replicas from slot " + Math.max(blue, green) + " would need port " + top
                    + "; the highest is 65535");
            return;
        }
        if (Math.abs(blue - green) < replicas) {
            f.problem(at, path, replicas + " replicas take ports " + blue + "–" + (blue + replicas - 1) + " (blue) and " + green + "–"
                    + (green + replicas - 1) + " (green): they overlap; put the slots at least " + replicas + " apart");
            return;
        }
        for (int slot : new int[] {blue, green}) {
            for (int port = slot + 1; port < slot + replicas; port++) {
                String holder = policy.reservedPorts().get(port);
                if (holder != null) {
                    f.problem(at, path, "replica port " + port + " is reserved on this host for " + holder);
                    return;
                }
            }
        }
    }
}

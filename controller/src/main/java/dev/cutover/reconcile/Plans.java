package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.common.ContainerOptions;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Worker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/** Small pure facts about a desired app that planning and applying share. */
public final class Plans {
    private Plans() {
    }

    public static int port(DesiredApp app, Colour colour) {
        return colour == Colour.BLUE ? app.spec().bluePort() : app.spec().greenPort();
    }

    public static String containerName(String app, Colour colour) {
        return "cutover-" + app + "-" + colour.label();
    }

    /** Replica {@code i} of a colour: the first keeps the colour's name, the next are -2, -3, … */
    public static String containerName(String app, Colour colour, int replica) {
        return replica == 0 ? containerName(app, colour) : containerName(app, colour) + "-" + (replica + 1);
    }

    /** The host port of replica {@code i} of a colour. */
    public static int port(DesiredApp app, Colour colour, int replica) {
        return port(app, colour) + replica;
    }

    /** Where nginx reaches every replica of a colour (host:port), replica 0 first. */
    public static List<String> addresses(DesiredApp app, Colour colour) {
        return app.spec().ports(port(app, colour)).stream().map(p -> address(app) + ":" + p).toList();
    }

    /**
     * Where a colour's stopped container waits while a new version is tried in its slot: a
     * stopped container holds no port, so the rollback colour survives a deploy that fails.
     */
    public static String keptName(String app, Colour colour) {
        return containerName(app, colour) + "-kept";
    }

    /** The one-off container of an app's release command; one per app, kept (stopped) as the record that it ran. */
    public static String releaseName(String app) {
        return "cutover-" + app + "-release";
    }

    /** nginx and probes reach the slots on the bind address, or loopback when bound to all. */
    public static String address(DesiredApp app) {
        return app.spec().bind().equals("0.0.0.0") ? "127.0.0.1" : app.spec().bind();
    }

    /**
     * A hash of everything that shapes the container: when it changes, the app is redeployed.
     * Secret values are not part of it (a hash of a secret in a label would leak it). Container
     * options count only when an app has some, so apps without them keep the hash they had
     * before options existed and an upgrade of Cutover redeploys nothing.
     */
    public static String specHash(DesiredApp app) {
        AppSpec s = app.spec();
        String canonical = String.join("\n", app.imageRef(), Integer.toString(s.port()), s.bind(),
                Integer.toString(s.bluePort()), Integer.toString(s.greenPort()), new TreeMap<>(s.env()).toString(),
                s.secrets().stream().sorted().toList().toString(), s.upstream());
        if (!s.container().equals(ContainerOptions.NONE)) {
            canonical += "\n" + s.container().canonical();
        }
        if (s.release().isPresent()) {
            // A new release command is a new deploy (it must run); its timeout alone is not.
            canonical += "\nrelease " + s.release().get().command();
        }
        return hash(canonical);
    }

    /**
     * A worker's spec hash: the image reference, its command, and what it shares with the web
     * process (env, secret names, container options). A change to any of them replaces the
     * worker; the web's ports and health never do, and adding a worker never redeploys the web.
     */
    public static String workerHash(DesiredApp app, Worker w) {
        AppSpec s = app.spec();
        return hash(String.join("\n", "worker", app.imageRef(), w.name(), w.command().toString(),
                new TreeMap<>(s.env()).toString(), s.secrets().stream().sorted().toList().toString(), s.container().canonical()));
    }

    /** A worker's container name: a new spec gets a new name, so a new one can start beside the old. */
    public static String workerName(String app, String worker, String workerHash) {
        return "cutover-" + app + "-" + worker + "-" + workerHash.substring(0, 8);
    }

    /** Where a failed worker spec is remembered among the stalled specs: app names have no '/'. */
    public static String workerKey(String app, String worker) {
        return app + "/" + worker;
    }

    private static String hash(String canonical) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

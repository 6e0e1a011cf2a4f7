package dev.cutover.nginx;

import dev.cutover.common.Colour;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx file Cutover manages for one app: the upstream (live colour first, the other as
 * backup so a request that cannot connect to the new colour falls back to the old one while
 * it drains) and a loopback probe server through which Cutover confirms where nginx routes.
 * Rendering and parsing are pure; the file's header line is where the live colour is read.
 */
public final class UpstreamFile {
    private static final Pattern HEADER = Pattern.compile("(?m)^# cutover: app=([a-z0-9-]+) live=(blue|green)$");

    /** The Host header that selects an app's probe server. */
    public static String probeHost(String app) {
        return app + ".cutover.probe";
    }

    /** What the file says for one app when {@code live} serves and the other colour is backup. */
    public static String render(String app, String upstream, Colour live, String address, int livePort, int idlePort, String probeListen) {
        return render(app, upstream, live, address, livePort, idlePort, probeListen, 0);
    }

    /**
     * As {@link #render(String, String, Colour, String, int, int, String)}, with nginx keeping up
     * to {@code keepalive} idle connections to the upstream's servers open per worker (0: none).
     * It comes last in the block: a balancing method (a canary's {@code hash}) must precede it.
     */
    public static String render(String app, String upstream, Colour live, String address, int livePort, int idlePort,
                                String probeListen, int keepalive) {
        return render(app, upstream, live, address, List.of(livePort), List.of(idlePort), probeListen, keepalive);
    }

    /**
     * The file for an app of several replicas per colour: every live port a server, every idle
     * one a backup, then {@code keepalive} if any.
     */
    public static String render(String app, String upstream, Colour live, String address, List<Integer> livePorts,
                                List<Integer> idlePorts, String probeListen, int keepalive) {
        String plain = plain(app, upstream, live, address, livePorts.get(0), idlePorts.get(0), probeListen);
        String first = "    server %s:%d max_fails=0;\n    server %s:%d max_fails=0 backup;\n".formatted(address, livePorts.get(0),
                address, idlePorts.get(0));
        StringBuilder servers = new StringBuilder();
        livePorts.forEach(p -> servers.append("    server %s:%d max_fails=0;\n".formatted(address, p)));
        idlePorts.forEach(p -> servers.append("    server %s:%d max_fails=0 backup;\n".formatted(address, p)));
        if (keepalive > 0) {
            servers.append("    keepalive ").append(keepalive).append(";\n");
        }
        return plain.replace(first, servers.toString());
    }

    private static String plain(String app, String upstream, Colour live, String address, int livePort, int idlePort, String probeListen) {
        return """
                # Managed by Cutover; edits by hand are undone on its next pass.
                # cutover: app=%1$s live=%2$s
                upstream %3$s {
                    server %4$s:%5$d max_fails=0;
                    server %4$s:%6$d max_fails=0 backup;
                }

                # Loopback probe: Cutover confirms through it that nginx routes to the live colour.
                server {
                    listen %7$s;
                    server_name %8$s;
                    access_log off;
                    location / {
                        proxy_pass http://%3$s;
                        add_header X-Cutover-Upstream $upstream_addr always;
                    }
                }
                """.formatted(app, live.label(), upstream, address, livePort, idlePort, probeListen, probeHost(app));
    }

    /** Marks a file written for a canary step: the old colour is still the live one. */
    private static final Pattern CANARY = Pattern.compile("(?m)^# cutover-canary: ");

    /**
     * What the file says during a canary step: {@code live} (the old colour) keeps its header,
     * both colours serve by weight (no backup: a refused connection to one is retried on the
     * other), optionally hashed on {@code hashKey} so one user stays on one version.
     */
    public static String renderCanary(String app, String upstream, Colour live, String address, int livePort, int canaryPort,
                                      int canaryPercent, Optional<String> hashKey, String probeListen) {
        return renderCanary(app, upstream, live, address, livePort, canaryPort, canaryPercent, hashKey, probeListen, 0);
    }

    /** {@link #renderCanary(String, String, Colour, String, int, int, int, Optional, String)} with upstream keepalive. */
    public static String renderCanary(String app, String upstream, Colour live, String address, int livePort, int canaryPort,
                                      int canaryPercent, Optional<String> hashKey, String probeListen, int keepalive) {
        String plain = render(app, upstream, live, address, livePort, canaryPort, probeListen, keepalive);
        String servers = hashKey.map(k -> "    hash " + k + " consistent;\n").orElse("")
                + "    server %s:%d weight=%d max_fails=0;\n    server %s:%d weight=%d max_fails=0;\n".formatted(
                        address, livePort, 100 - canaryPercent, address, canaryPort, canaryPercent);
        return plain.replace("# cutover: app=" + app + " live=" + live.label() + "\n",
                        "# cutover: app=" + app + " live=" + live.label() + "\n# cutover-canary: " + live.other().label() + " "
                                + canaryPercent + "%\n")
                .replace("    server %s:%d max_fails=0;\n    server %s:%d max_fails=0 backup;\n".formatted(address, livePort, address,
                        canaryPort), servers);
    }

    /** Whether the file was written for a canary step (a deploy that was interrupted mid-canary). */
    public static boolean isCanary(String content) {
        return CANARY.matcher(content).find();
    }

    /** The live colour the file declares for an app, if it is one of Cutover's files for that app. */
    public static Optional<Colour> liveColour(String content, String app) {
        Matcher m = HEADER.matcher(content);
        if (m.find() && m.group(1).equals(app)) {
            return Optional.of(Colour.parse(m.group(2)));
        }
        return Optional.empty();
    }

    /**
     * The pin {@code cutover rollback} leaves: a line of its own under the header, holding the
     * spec hash of the desired state the app was rolled back from. It is state kept where the
     * live colour already is, so it survives a restart; any rewrite of the file drops it.
     */
    private static final Pattern PIN = Pattern.compile("(?m)^# cutover: pinned=([0-9a-f]{16}) ");

    /** {@code content} (one app's file) with the pin for {@code specHash} under its header line. */
    public static String pinned(String content, String specHash) {
        if (!specHash.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("not a spec hash: " + specHash);
        }
        Matcher m = HEADER.matcher(content);
        if (!m.find() || PIN.matcher(content).find()) {
            throw new IllegalArgumentException("not an unpinned Cutover upstream file");
        }
        return content.substring(0, m.end()) + "\n# cutover: pinned=" + specHash
                + " by `cutover rollback`; a change to " + m.group(1) + "'s desired state lifts it" + content.substring(m.end());
    }

    /** The spec hash an app's file is pinned against, if {@code cutover rollback} left a pin in it. */
    public static Optional<String> pin(String content, String app) {
        Matcher m = PIN.matcher(content);
        return liveColour(content, app).isPresent() && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The app a managed file belongs to, if it is one of Cutover's. */
    public static Optional<String> app(String content) {
        Matcher m = HEADER.matcher(content);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private UpstreamFile() {
    }
}

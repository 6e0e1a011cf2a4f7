package dev.cutover.desired;

import java.time.Duration;

/**
 * A second judge of a bake, as Argo Rollouts' analysis: a PromQL expression the host's
 * Prometheus evaluates every {@code every} while the new colour bakes (and during each canary
 * step); the bake fails when any series of the result is above {@code max}.
 *
 * @param query the expression as written in the app file; {@link #render} fills in its placeholders
 * @param max   the highest value a series may have
 * @param every how often it is evaluated
 */
public record BakeQuery(String query, double max, Duration every) {
    public static final int MAX_LENGTH = 1000;
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

    /**
     * The expression for one deploy: {@code $app}, {@code $server} and {@code $colour} replaced
     * by the app's name, the server's name and the judged colour. All three are validated
     * names ({@code [a-z0-9-]}, a server name, blue or green), so nothing substituted can end a
     * quoted label value or add PromQL of its own.
     */
    public String render(String app, String server, String colour) {
        for (String name : new String[] {app, server, colour}) {
            if (!Names.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a validated name: " + Names.printable(name));
            }
        }
        return query.replace("$app", app).replace("$server", server).replace("$colour", colour);
    }
}

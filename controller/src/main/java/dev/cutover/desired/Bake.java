package dev.cutover.desired;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a new colour is watched after the switch, with the old colour still running as
 * nginx's backup, and what makes Cutover flip back to it.
 *
 * @param duration      how long the bake lasts; zero turns it off (the old colour is drained at once)
 * @param errorPercent  the new colour fails when, over the last {@code window}, the share of its
 *                      answers that were 5xx or upstream errors exceeds the old colour's share
 *                      before the switch by more than this many percentage points
 * @param minErrors     fewer failed requests than this in the window never fail it (one bad request is noise)
 * @param window        the stretch of recent traffic judged
 * @param latencyFactor the new colour fails when its p95 latency over the window exceeds this many
 *                      times the old colour's before the switch (and by at least {@link #LATENCY_SLACK_MS}); 0 turns it off
 * @param minRequests   latency is judged only once the window holds this many requests answered by the new colour
 * @param canary        with {@code strategy: canary}, the weighted steps before the full switch, each judged by the same rules
 * @param query         a PromQL expression the host's Prometheus evaluates during the bake and each canary step, if any
 */
public record Bake(Duration duration, int errorPercent, int minErrors, Duration window, int latencyFactor, int minRequests,
                   Optional<Canary> canary, Optional<BakeQuery> query) {
    /** A latency this close to the old colour's never fails a bake, however small both are. */
    public static final long LATENCY_SLACK_MS = 250;

    public static final Bake DEFAULT = new Bake(Duration.ofSeconds(30), 5, 3, Duration.ofSeconds(10), 3, 20);
    public static final Bake OFF = DEFAULT.withDuration(Duration.ZERO);

    /** A bake without canary steps. */
    public Bake(Duration duration, int errorPercent, int minErrors, Duration window, int latencyFactor, int minRequests) {
        this(duration, errorPercent, minErrors, window, latencyFactor, minRequests, Optional.empty());
    }

    /** A bake without a Prometheus query. */
    public Bake(Duration duration, int errorPercent, int minErrors, Duration window, int latencyFactor, int minRequests,
                Optional<Canary> canary) {
        this(duration, errorPercent, minErrors, window, latencyFactor, minRequests, canary, Optional.empty());
    }

    public boolean enabled() {
        return !duration.isZero();
    }

    public Bake withDuration(Duration d) {
        return new Bake(d, errorPercent, minErrors, window, latencyFactor, minRequests, canary, query);
    }

    public Bake withCanary(Optional<Canary> c) {
        return new Bake(duration, errorPercent, minErrors, window, latencyFactor, minRequests, c, query);
    }

    public Bake withQuery(Optional<BakeQuery> q) {
        return new Bake(duration, errorPercent, minErrors, window, latencyFactor, minRequests, canary, q);
    }
}

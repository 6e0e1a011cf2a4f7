package dev.cutover.desired;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * {@code rollouts/<app>.yaml}: one app at one tag across several servers, wave after wave. A
 * server of a later wave deploys the tag only once every server of the earlier waves reports
 * it live and baked for {@code waveBake}; a server that failed the tag halts every later wave.
 *
 * @param waves         the servers of each wave, in order (wave 1 first); every server in one wave only
 * @param waveBake      how long every server of a wave must have served the tag, baked, before the next wave starts
 * @param serverTimeout how long a later wave waits for a server of an earlier one that reports nothing, before
 *                      going on without it
 * @param allAtOnce     every server deploys at once (an urgent rollback): no wave waits for another
 */
public record Rollout(String app, String tag, List<List<String>> waves, Duration waveBake, Duration serverTimeout,
                      boolean allAtOnce) {
    public static final Duration DEFAULT_SERVER_TIMEOUT = Duration.ofMinutes(10);

    public Rollout {
        waves = waves.stream().map(List::copyOf).toList();
    }

    /** The wave {@code server} belongs to, counted from 1. */
    public OptionalInt waveOf(String server) {
        return IntStream.range(0, waves.size()).filter(i -> waves.get(i).contains(server)).map(i -> i + 1).findFirst();
    }

    public List<String> servers() {
        return waves.stream().flatMap(List::stream).toList();
    }
}

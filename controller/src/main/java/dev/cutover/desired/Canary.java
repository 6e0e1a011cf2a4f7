package dev.cutover.desired;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A canary rollout: before the full switch, the new colour gets a growing share of requests,
 * each step judged like a bake; a failing step sends all traffic back to the old colour.
 *
 * @param steps        percent of requests the new colour gets at each step, ascending, each 1–99
 * @param stepDuration how long each step is judged
 * @param hashKey      an nginx variable (e.g. {@code $cookie_session}) that keeps one user on one
 *                     version during the steps; empty: each request is weighted on its own
 */
public record Canary(List<Integer> steps, Duration stepDuration, Optional<String> hashKey) {
    public Canary {
        steps = List.copyOf(steps);
    }

    public static final Duration DEFAULT_STEP = Duration.ofSeconds(30);
}

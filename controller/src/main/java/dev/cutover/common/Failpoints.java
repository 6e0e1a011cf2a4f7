package dev.cutover.common;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points of a cutover where a fault test can hold the process still and kill it:
 * with {@code CUTOVER_FAILPOINTS=after-start,after-reload} in the environment, Cutover logs
 * "failpoint NAME reached" and sleeps there ({@code CUTOVER_FAILPOINT_SECONDS}, default 60).
 * Unset (always, outside tests), every call is a no-op.
 */
public final class Failpoints {
    private static final Logger LOG = LoggerFactory.getLogger("cutover");
    private static final Set<String> ACTIVE = Arrays.stream(System.getenv().getOrDefault("CUTOVER_FAILPOINTS", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());

    private static final long PAUSE_SECONDS = Long.parseLong(System.getenv().getOrDefault("CUTOVER_FAILPOINT_SECONDS", "60"));

    public static final String AFTER_PULL = "after-pull";
    public static final String DURING_RELEASE = "during-release";
    public static final String AFTER_START = "after-start";
    public static final String DURING_HEALTH = "during-health";
    public static final String AFTER_UPSTREAM_WRITE = "after-upstream-write";
    public static final String AFTER_RELOAD = "after-reload";
    public static final String DURING_DRAIN = "during-drain";
    public static final String DURING_BAKE = "during-bake";

    private Failpoints() {
    }

    public static void reach(String name) {
        if (ACTIVE.contains(name)) {
            LOG.info("failpoint {} reached", name);
            try {
                Thread.sleep(Duration.ofSeconds(PAUSE_SECONDS).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

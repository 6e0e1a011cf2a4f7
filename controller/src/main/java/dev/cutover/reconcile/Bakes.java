package dev.cutover.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bakes under way, for people to watch ({@code cutover status}) and to end early
 * ({@code cutover promote}, {@code cutover abort}). Written by the pass, read and asked by
 * the admin API on other threads.
 */
public final class Bakes {
    /** What someone asked of a bake. */
    public enum Ask {
        /** End the bake now as passed: drain and stop the old colour. */
        PROMOTE,
        /** Flip back to the old colour now. */
        ABORT
    }

    /**
     * One bake as it stands.
     *
     * @param numbers        the new colour's traffic over the judged window, for people
     * @param failedRequests requests to the app that failed since the switch; -1 when no access log is read
     */
    public record Progress(String app, String live, String backup, Instant endsAt, String numbers, int failedRequests) {
    }

    private final Map<String, Progress> running = new ConcurrentHashMap<>();
    private final Map<String, Ask> asked = new ConcurrentHashMap<>();

    /** Asks a bake under way to end; false when no bake of {@code app} is under way. */
    public boolean ask(String app, Ask ask) {
        if (!running.containsKey(app)) {
            return false;
        }
        asked.put(app, ask);
        return true;
    }

    public Map<String, Progress> running() {
        return Map.copyOf(running);
    }

    void update(Progress p) {
        running.put(p.app(), p);
    }

    Optional<Ask> take(String app) {
        return Optional.ofNullable(asked.remove(app));
    }

    void ended(String app) {
        running.remove(app);
        asked.remove(app);
    }
}

package dev.cutover.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a pass reports as it goes: progress lines for people, and events for metrics,
 * status and notifications. Every method has a no-op default.
 */
public interface PassListener {
    default void progress(String line) {
    }

    default void gitFetched(FetchResult result, Duration took) {
    }

    /** A deploy (or rollback) of one app ended. */
    default void deployFinished(DeployReport deploy) {
    }

    default void nginxFailed(String app, String message) {
    }

    /** The state of every app after the pass. */
    default void appsObserved(List<AppView> apps) {
    }

    /** A listener that ignores everything. */
    PassListener NONE = new PassListener() {
    };

    /** A listener that only prints progress lines. */
    static PassListener printing(Consumer<String> out) {
        return new PassListener() {
            @Override
            public void progress(String line) {
                out.accept(line);
            }
        };
    }
}

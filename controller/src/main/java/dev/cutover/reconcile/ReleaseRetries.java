package dev.cutover.reconcile;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Apps whose failed release command {@code cutover sync} asked to run again. A failed release
 * is recorded on its container, so it waits for a change across restarts; a sync is the one
 * way to try the same spec again. Taken by the next pass that applies its plan.
 */
final class ReleaseRetries {
    private final Set<String> apps = new TreeSet<>();
    private boolean all;

    synchronized void ask(Optional<String> app) {
        app.ifPresentOrElse(apps::add, () -> all = true);
    }

    /** Which of {@code desired} may retry a failed release, without taking the request (diff, a paused pass). */
    synchronized Set<String> peek(Set<String> desired) {
        return all ? Set.copyOf(desired) : desired.stream().filter(apps::contains).collect(Collectors.toUnmodifiableSet());
    }

    /** As {@link #peek}, and the request is used up. */
    synchronized Set<String> take(Set<String> desired) {
        Set<String> out = peek(desired);
        apps.clear();
        all = false;
        return out;
    }
}

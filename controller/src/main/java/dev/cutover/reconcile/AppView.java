package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import java.util.Optional;

/**
 * One app as status and metrics show it.
 *
 * @param desiredTag empty when the app is no longer desired here
 * @param runningTag the tag of the live colour's container when it runs
 * @param liveRunning whether the live colour's container is running (not whether it answers)
 * @param drift      whether what runs differs from what git says
 * @param status     where the app stands: a reason constant and a line for people
 * @param wave       this server's wave in the app's rollout across servers; 0 when the app is in none
 */
public record AppView(String app, Optional<String> desiredTag, Optional<String> runningTag,
                      Optional<Colour> liveColour, boolean liveRunning, boolean drift, AppStatus status, int wave) {
    /** An app in no rollout. */
    public AppView(String app, Optional<String> desiredTag, Optional<String> runningTag,
                   Optional<Colour> liveColour, boolean liveRunning, boolean drift, AppStatus status) {
        this(app, desiredTag, runningTag, liveColour, liveRunning, drift, status, 0);
    }

    /** The line for people (the {@code state} of {@code cutover status}). */
    public String state() {
        return status.message();
    }
}

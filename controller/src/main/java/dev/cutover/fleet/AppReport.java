package dev.cutover.fleet;

import java.time.Instant;
import java.util.Optional;

/**
 * One app on one server, as that server reports it to the fleet.
 *
 * @param tag        the tag its live colour serves; empty when nothing serves
 * @param state      where the app stands there
 * @param target     the tag the server's desired state asks for
 * @param since      when {@code tag} became converged there (its bake passed): a wave bakes from this
 * @param wave       the server's wave in the app's rollout; 0 when the app is in none
 * @param pinned     the server file pins the app's tag: the rollout does not move it, and no wave waits for it
 * @param failedTag  a tag that failed there (gate, bake or flip-back) and was not deployed since
 * @param failedSpec the spec hash of that failed deploy: carried over a restart so it is not retried by itself
 * @param why        one line for people: why it failed, waits or stopped
 */
public record AppReport(String app, Optional<String> tag, State state, String target, Optional<Instant> since, int wave,
                        boolean pinned, Optional<String> failedTag, Optional<String> failedSpec, String why) {
    public enum State {
        CONVERGED, DEPLOYING, WAITING, HALTED, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether {@code t} serves here, converged, since at least {@code at}. */
    public boolean convergedOn(String t) {
        return state == State.CONVERGED && tag.equals(Optional.of(t)) && since.isPresent();
    }
}

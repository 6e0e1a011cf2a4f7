package dev.cutover.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one reconcile pass did, per app, and how it ended. */
public record PassResult(Outcome outcome, Optional<String> revision, List<AppResult> apps, Duration duration,
                         Optional<String> error, boolean transientError) {
    public enum Outcome {
        /** Everything already matched git; nothing was changed. */
        CONVERGED,
        /** Changes were made and all succeeded. */
        CHANGED,
        /** Something could not be done; see the app results and error. */
        FAILED,
        /** An app waits for a new desired state after its deploy failed the health gate. */
        STALLED,
        /** Paused: the pass observed and planned but changed nothing. */
        PAUSED
    }

    /**
     * @param result deployed, repaired, removed, stopped-idle, failed, stalled or unchanged
     * @param stages each stage's duration, in the order they ran
     */
    public record AppResult(String app, String result, String detail, Map<String, Duration> stages) {
    }

    public boolean ok() {
        return outcome == Outcome.CONVERGED || outcome == Outcome.CHANGED || outcome == Outcome.PAUSED;
    }
}

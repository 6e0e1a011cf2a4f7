package dev.cutover.reconcile;

import dev.cutover.outcome.FailureException;
import java.util.Optional;

/**
 * What the daemon drives: passes, and forgetting stalled specs. A seam, so the daemon's
 * scheduling (coalescing requests, backoff, stopping) is unit-tested without Docker or
 * nginx; {@link Reconciler} is the real one.
 */
public interface Passes {
    PassResult pass(PassRequest request);

    /**
     * Runs {@code cutover rollback} for one app, as a pass of its own (never beside another).
     * Throws {@link FailureException} or {@link IllegalArgumentException}
     * when it cannot start (no desired state, no kept colour to go back to).
     */
    PassResult rollback(RollbackRequest request);

    /** Forget that an app's spec (or every app's) failed its gate, so the next pass tries it again. */
    void retryStalled(Optional<String> app);

    /** The bakes under way (none for a fake without bakes). */
    default Bakes bakes() {
        return new Bakes();
    }
}

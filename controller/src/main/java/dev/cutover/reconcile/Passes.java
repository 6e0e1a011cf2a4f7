package dev.cutover.reconcile;

import java.util.Optional;

/**
 * What the daemon drives: passes, and forgetting stalled specs. A seam, so the daemon's
 * scheduling (coalescing requests, backoff, stopping) is unit-tested without Docker or
 * nginx; {@link Reconciler} is the real one.
 */
public interface Passes {
    PassResult pass(PassRequest request);

    /** Forget that an app's spec (or every app's) failed its gate, so the next pass tries it again. */
    void retryStalled(Optional<String> app);

    /** The bakes under way (none for a fake without bakes). */
    default Bakes bakes() {
        return new Bakes();
    }
}

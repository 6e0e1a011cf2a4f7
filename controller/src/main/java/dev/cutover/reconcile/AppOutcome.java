package dev.cutover.reconcile;

/** What happened to one app in a pass. */
public enum AppOutcome {
    /** A new colour took traffic. */
    DEPLOYED,
    /** The upstream file was put back in line with the live colour. */
    REPAIRED,
    /** The app is no longer desired here and was taken down. */
    REMOVED,
    /** An idle colour found running was drained and stopped. */
    STOPPED_IDLE,
    /** Nothing to do. */
    UNCHANGED,
    /** Its spec failed the gate earlier (or now): waits for a new desired state. */
    STALLED,
    /** The new colour failed its bake: traffic went back to the old colour; waits for a new desired state. */
    FLIPPED_BACK,
    /** A step failed; what was half-done was cleaned up. */
    FAILED,
    /** The pass stopped at a safe point before this app was done (shutdown). */
    ABORTED;

    /** Whether this outcome makes the pass a failure. */
    boolean failsPass() {
        return this == FAILED || this == ABORTED;
    }

    /** Whether the app's spec waits for a change to the desired state (the pass is stalled, not failed). */
    boolean waitsForChange() {
        return this == STALLED || this == FLIPPED_BACK;
    }
}

package dev.cutover.reconcile;

/** A step of a deploy failed; {@code stalled} means retrying the same desired state cannot help. */
final class StepFailed extends Exception {
    final boolean stalled;

    StepFailed(String message, boolean stalled) {
        super(message);
        this.stalled = stalled;
    }
}

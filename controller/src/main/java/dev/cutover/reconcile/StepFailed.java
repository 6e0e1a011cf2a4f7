package dev.cutover.reconcile;

import dev.cutover.outcome.Failure;

/** A step of a deploy failed, with the kind of failure decided where it happened. */
final class StepFailed extends Exception {
    final Failure failure;

    StepFailed(Failure failure) {
        super(failure.message());
        this.failure = failure;
    }
}

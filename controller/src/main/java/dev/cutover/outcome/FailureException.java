package dev.cutover.outcome;

/** Carries a {@link Failure} through code that cannot return it, so its kind survives to the exit code. */
public final class FailureException extends RuntimeException {
    private final Failure failure;

    public FailureException(Failure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}

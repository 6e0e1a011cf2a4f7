package dev.cutover.reconcile;

import dev.cutover.outcome.Failure;
import java.util.Locale;
import java.util.Optional;

/** How a fetch of the desired state ended, for the git metrics. */
public enum FetchResult {
    /** Fetched, and the commit's desired state is valid. */
    SUCCESS,
    /** The repository could not be fetched (unreachable, rejected, misconfigured). */
    FAILED,
    /** Fetched, but the commit's desired state is invalid. */
    INVALID;

    static FetchResult of(Optional<Failure> failure) {
        if (failure.isEmpty()) {
            return SUCCESS;
        }
        return failure.get() instanceof Failure.Invalid ? INVALID : FAILED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

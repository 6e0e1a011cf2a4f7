package dev.cutover.reconcile;

import java.util.Locale;

/**
 * Where one app stands, as the planner sees it: a reason constant that code reads (status
 * JSON, drift, the pass outcome) and a message for people that nothing parses back.
 */
public record AppStatus(Reason reason, String message) {
    public enum Reason {
        /** The desired spec serves and nothing needs doing. */
        CONVERGED,
        /** The desired spec serves, but the upstream or an idle colour needs repair. */
        REPAIRING,
        /** A new colour is to be deployed. */
        DEPLOYING,
        /** This spec failed its gate; it waits for a change to the desired state. */
        STALLED,
        /** The app is no longer desired here and is to be taken down. */
        REMOVING,
        /** An emergency rollback to the kept colour. */
        ROLLING_BACK,
        /**
         * {@code cutover rollback} holds the app on the version it put back while git's spec is
         * still the one rolled back from: converged there, yet different from git (drift).
         */
        ROLLED_BACK,
        /** A rollout across servers holds the app on what it runs until the earlier waves serve the tag, baked. */
        WAITING,
        /** A rollout across servers stopped: another server failed the tag; the app keeps what it runs until a new commit. */
        HALTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public String toString() {
        return message;
    }
}

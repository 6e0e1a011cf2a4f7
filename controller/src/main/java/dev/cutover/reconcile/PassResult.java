package dev.cutover.reconcile;

import java.util.Locale;
import dev.cutover.outcome.Failure;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What one reconcile pass did, per app, and how it ended. */
public record PassResult(Outcome outcome, Optional<String> revision, List<AppResult> apps, Duration duration,
                         Optional<Failure> failure) {
    public enum Outcome {
        /** Everything already matched git; nothing was changed. */
        CONVERGED,
        /** Changes were made and all succeeded. */
        CHANGED,
        /** Something could not be done; see the app results and the failure. */
        FAILED,
        /** An app waits for a new desired state after its deploy failed the health gate. */
        STALLED,
        /** Paused: the pass observed and planned but changed nothing. */
        PAUSED;

        /** How the outcome is written where people and scripts read it ({@code result: converged}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The outcome a label names, for the command line reading the sync stream. */
        public static Optional<Outcome> fromLabel(String label) {
            for (Outcome o : values()) {
                if (o.label().equals(label)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }

        public boolean ok() {
            return this == CONVERGED || this == CHANGED || this == PAUSED;
        }
    }

    public PassResult {
        apps = List.copyOf(apps);
    }

    /**
     * @param detail  one line for people: the steps taken, or why they failed
     * @param failure why, when the outcome is failed, aborted or stalled
     * @param stages  each stage's duration, in the order they ran
     * @param failedRequests requests to the app that failed (5xx) from its switch to the end of its drain, read
     *                       from nginx's access log; empty when there was no switch or no log to read
     */
    public record AppResult(String app, AppOutcome outcome, String detail, Map<String, Duration> stages,
                            Optional<Failure> failure, OptionalInt failedRequests) {
        public AppResult(String app, AppOutcome outcome, String detail, Map<String, Duration> stages, Optional<Failure> failure) {
            this(app, outcome, detail, stages, failure, OptionalInt.empty());
        }
    }

    /** A pass that ended before any app was looked at. */
    public static PassResult failed(Optional<String> revision, Duration took, Failure why) {
        return new PassResult(Outcome.FAILED, revision, List.of(), took, Optional.of(why));
    }

    public boolean ok() {
        return outcome.ok();
    }

    /** How {@code sync --wait} ends: {@code result: OUTCOME[: why]}; the command line reads the outcome back. */
    public static final String RESULT_LINE = "result: ";

    public String resultLine() {
        return RESULT_LINE + outcome.label() + error().map(e -> ": " + e).orElse("");
    }

    /** The failure's message, for people. */
    public Optional<String> error() {
        return failure.map(Failure::message);
    }

    /** Whether waiting can help: the daemon retries sooner than its interval, with backoff. */
    public boolean retrySoon() {
        return failure.map(Failure::retrySoon).orElse(false);
    }

    /** Which failure speaks for a pass: one that waiting can fix first (so backoff applies), else the first. */
    static Optional<Failure> representative(List<Failure> failures) {
        return failures.stream().min(Comparator.comparingInt(f -> f.retrySoon() ? 0 : 1));
    }
}

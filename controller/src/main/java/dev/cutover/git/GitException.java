package dev.cutover.git;

/**
 * The repository could not be reached or read. {@link #kind()} says whether retrying later
 * can help; it is decided where the failure happens (from the exception types JGit throws and
 * what Cutover itself checked), never by reading a message.
 */
public final class GitException extends Exception {
    /** Why a sync failed, as far as what to do next is concerned. */
    public enum Kind {
        /** The git host could not be reached, or timed out: transient, retry with backoff. */
        UNREACHABLE,
        /** The git host refused us (credentials, host key): retrying will not help until the operator acts. */
        REJECTED,
        /** The host config does not fit the world (work folder not ours, branch missing, unreadable credentials). */
        MISCONFIGURED
    }

    private final Kind kind;

    /** A failure of unknown cause, treated as transient (what every GitException meant before kinds). */
    public GitException(String message, Throwable cause) {
        this(Kind.UNREACHABLE, message, cause);
    }

    public GitException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether retrying soon, with backoff, can help. */
    public boolean isTransient() {
        return kind == Kind.UNREACHABLE;
    }
}

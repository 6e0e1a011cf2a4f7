package dev.cutover.cli;

/** What the process's exit code means; documented in the README. */
public final class ExitCodes {
    /** Done, or nothing to do. */
    public static final int OK = 0;
    /** The work failed: invalid desired state, or a pass that could not converge. */
    public static final int FAILED = 1;
    /** Wrong flags or arguments. */
    public static final int USAGE = 2;
    /** The host config file is missing or invalid. */
    public static final int CONFIG = 3;
    /** Something Cutover depends on (git host, Docker engine, nginx) could not be reached. */
    public static final int UNAVAILABLE = 4;

    private ExitCodes() {
    }
}

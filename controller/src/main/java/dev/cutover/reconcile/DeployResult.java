package dev.cutover.reconcile;

import java.util.Locale;

/** How a deploy (or a rollback) of one app ended: the metric label, the notification, the status entry. */
public enum DeployResult {
    SUCCESS,
    FAILED,
    /** It served, failed its bake, and traffic went back to the previous version. */
    FLIPPED_BACK,
    ROLLED_BACK;

    /** The label metrics and JSON use: {@code success}, {@code failed}, {@code flipped_back}, {@code rolled_back}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

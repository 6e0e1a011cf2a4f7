package dev.cutover.reconcile;

import java.util.function.BooleanSupplier;

/**
 * How to run {@code cutover rollback}.
 *
 * @param app      the app whose kept previous colour goes back in front
 * @param commit   also write the rollback to git (the app's tag in this server's file), so git and the host agree
 * @param stopping checked between steps, as for a pass ({@link PassRequest})
 */
public record RollbackRequest(String app, boolean commit, BooleanSupplier stopping) {
}

package dev.cutover.reconcile;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How to run a pass.
 *
 * @param apply    false while paused: observe and plan (drift is reported) but change nothing
 * @param app      only this app's steps, when present
 * @param stopping checked between steps; when true the pass stops at the next safe point
 */
public record PassRequest(boolean apply, Optional<String> app, BooleanSupplier stopping) {
    public static final PassRequest NORMAL = new PassRequest(true, Optional.empty(), () -> false);
}

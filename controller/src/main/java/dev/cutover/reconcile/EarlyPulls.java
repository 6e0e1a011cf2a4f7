package dev.cutover.reconcile;

import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.docker.ContainerEngine;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pulls started as soon as a new desired state names a new image for an app, before the pass
 * observes what runs and plans: a deploy's slowest step before its container starts overlaps
 * with reading Docker and nginx. The deploy's Pull step then takes the one already under way
 * (and its outcome, failure included) instead of starting another. Only an image that changed
 * since the state seen before is pulled early: a restart or an unchanged commit pulls nothing.
 */
final class EarlyPulls {
    private final ContainerEngine docker;
    /** Few and short-lived; daemon threads, so they never hold the process open. */
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "early-pull");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
    /** App name to the image reference of the desired state seen last; empty before the first. */
    private Map<String, String> seen = Map.of();
    private boolean first = true;

    EarlyPulls(ContainerEngine docker) {
        this.docker = docker;
    }

    /** Starts a pull for each app whose image reference differs from the one it had in the last state seen. */
    synchronized void startFor(DesiredState desired) {
        // What the last pass started and never took (its deploy was not planned) is not waited for.
        started.values().removeIf(CompletableFuture::isDone);
        Map<String, String> now = new HashMap<>();
        for (DesiredApp d : desired.apps()) {
            now.put(d.name(), d.imageRef());
            String before = seen.get(d.name());
            if (!first && !d.imageRef().equals(before) && !started.containsKey(d.imageRef())) {
                started.put(d.imageRef(), CompletableFuture.runAsync(() -> docker.pull(d.spec().image(), d.tag()), pool));
            }
        }
        seen = Map.copyOf(now);
        first = false;
    }

    /** The pull of {@code imageRef} started early, if there is one; it is handed out once. */
    Optional<CompletableFuture<Void>> take(String imageRef) {
        return Optional.ofNullable(started.remove(imageRef));
    }

    /** Waits for an early pull; its failure is thrown as the pull itself threw it. */
    static void await(CompletableFuture<Void> pull) {
        try {
            pull.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}

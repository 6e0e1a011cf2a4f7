package dev.cutover.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Runs each app's steps on a thread of its own, up to a bound at once, so one app's slow pull,
 * gate, bake or drain never delays another's deploy; an app's steps stay in order on one
 * thread, so an app never has two deploys under way.
 */
final class SideBySide {
    private SideBySide() {
    }

    /** Returns once every app has ended, the results in the map's order; {@code each} must not throw. */
    static <T> List<T> run(Map<String, List<Action>> byApp, int parallelism, BiFunction<String, List<Action>, T> each) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, byApp.size()), SideBySide::deployThread);
        try {
            List<Future<T>> running = new ArrayList<>();
            byApp.forEach((app, steps) -> running.add(pool.submit(() -> {
                Thread.currentThread().setName("deploy " + app);
                return each.apply(app, steps);
            })));
            List<T> results = new ArrayList<>();
            running.forEach(f -> results.add(awaitUninterruptibly(f)));
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static Thread deployThread(Runnable r) {
        Thread t = new Thread(r, "deploy");
        t.setDaemon(true);
        return t;
    }

    /**
     * A pass returns only once every app's steps have ended, interrupted or not: the next
     * pass must never plan over a deploy still under way. A stop is asked through the pass's
     * {@code stopping}, which each app obeys at its next safe point.
     */
    private static <T> T awaitUninterruptibly(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // The caller's function catches every exception: only an Error (out of memory, …) gets here.
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.cutover.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * Requests sent every {@code period} ms on a thread of its own, each timed from connect to the
 * last byte; stopped by {@link #close()}. A request that got no 200 counts as a failure.
 */
final class Timings implements AutoCloseable {
    final List<Long> millis = new CopyOnWriteArrayList<>();
    final List<Integer> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Timings(String name, long period, IntSupplier request) {
        thread = new Thread(() -> {
            while (running) {
                long start = System.nanoTime();
                int status = request.getAsInt();
                millis.add((System.nanoTime() - start) / 1_000_000);
                if (status != 200) {
                    failures.add(status);
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    long median() {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }

    /** The answer time that {@code share} (0–1) of the answers stayed within. */
    long percentile(double share) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1));
    }

    long max() {
        return millis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    String summary() {
        List<Long> slowest = new ArrayList<>(millis);
        slowest.sort(Collections.reverseOrder());
        return millis.size() + " requests, median " + median() + " ms, max " + max() + " ms (slowest " + slowest.subList(0, Math.min(5, slowest.size()))
                + "), failures " + failures;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}

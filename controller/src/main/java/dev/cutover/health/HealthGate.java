package dev.cutover.health;

import dev.cutover.common.Failpoints;
import dev.cutover.common.Http;
import dev.cutover.desired.HealthCheck;
import dev.cutover.docker.ContainerStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Decides whether a freshly started colour may receive traffic. It passes only when the
 * health path has answered 2xx {@code successes} times in a row and the container has stayed
 * up for the settle window since the first of them; a container that exits or restarts fails
 * it at once, a health path that steadily refuses (see {@link SteadyRefusal}) within seconds,
 * and otherwise the deadline.
 */
public final class HealthGate {
    /** Why the gate failed, with what was last seen. */
    public static final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    /**
     * The pause between the consecutive successes the gate wants: the interval paces the wait
     * for a colour to come up, but once it answers, more answers are asked for at once (a
     * 50 ms interval and 3 successes would otherwise add 100 ms to every deploy).
     */
    static final Duration SUCCESS_GAP = Duration.ofMillis(10);

    private HealthGate() {
    }

    /**
     * @param url    the health URL on the new colour's host port
     * @param status reads the container's state (called between probes)
     */
    public static Duration await(URI url, HealthCheck check, Supplier<ContainerStatus> status,
                                 BooleanSupplier stopping) throws Failed {
        long start = System.nanoTime();
        long deadline = start + check.deadline().toNanos();
        int streak = 0;
        long streakStart = 0;
        String last = "no answer yet";
        SteadyRefusal refusal = new SteadyRefusal();
        while (true) {
            ContainerStatus s = status.get();
            if (s.failed()) {
                throw new Failed("container " + describe(s) + " (last health answer: " + last + ")");
            }
            Answer answer = probe(url, check.timeout());
            last = answer.text();
            Failpoints.reach(Failpoints.DURING_HEALTH);
            if (answer.ok()) {
                if (streak++ == 0) {
                    streakStart = System.nanoTime();
                }
                if (streak >= check.successes() && System.nanoTime() - streakStart >= check.settle().toNanos()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } else {
                streak = 0;
                if (refusal.observe(answer.status(), System.nanoTime())) {
                    throw new Failed("the health path answered HTTP " + refusal.status() + " steadily for "
                            + SteadyRefusal.STEADY.toSeconds() + "s: it refuses, so the gate ends before its deadline");
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new Failed("not healthy within " + check.deadline().toSeconds() + "s (last health answer: " + last + ")");
            }
            Http.pause(pauseAfter(answer.ok(), streak, check));
            if (Thread.currentThread().isInterrupted() || stopping.getAsBoolean()) {
                throw new Failed("stopped");
            }
        }
    }

    /**
     * How long to wait before the next probe: the success gap while a streak of 2xx answers is
     * still short of {@code successes}, else the interval (before the first success, after a
     * failure, and while the settle window runs).
     */
    static Duration pauseAfter(boolean ok, int streak, HealthCheck check) {
        boolean streakGoingOn = ok && streak < check.successes();
        return streakGoingOn && SUCCESS_GAP.compareTo(check.interval()) < 0 ? SUCCESS_GAP : check.interval();
    }

    /**
     * What one probe got: an HTTP status (0 when there was no answer) and a line for people.
     * Only a 2xx status counts as healthy.
     */
    record Answer(int status, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** One GET. */
    static Answer probe(URI url, Duration timeout) {
        try {
            HttpResponse<Void> r = Http.CLIENT.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Answer(r.statusCode(), "HTTP " + r.statusCode());
        } catch (HttpTimeoutException e) {
            return new Answer(0, "no answer within " + timeout.toMillis() + "ms");
        } catch (IOException e) {
            return new Answer(0, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    private static String describe(ContainerStatus s) {
        if (s.restarting() || s.restartCount() > 0) {
            return "crashed and was restarted (" + s.restartCount() + " restart(s))";
        }
        return "exited" + s.exitCode().map(c -> " with code " + c).orElse("");
    }
}

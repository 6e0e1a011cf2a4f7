package dev.cutover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.config.HostConfig;
import dev.cutover.outcome.Failure;
import dev.cutover.reconcile.PassListener;
import dev.cutover.reconcile.PassRequest;
import dev.cutover.reconcile.RollbackRequest;
import dev.cutover.reconcile.PassResult;
import dev.cutover.reconcile.Passes;
import dev.cutover.testing.HostConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The daemon's scheduling, over passes in memory: no Docker, no nginx, a few seconds in all. */
class DaemonTest {
    private static final HostConfig CONFIG = HostConfigs.forRepo("s1",
            HostConfigs.repo("/nowhere", Path.of("/nowhere")), Path.of("/nowhere"));

    private Daemon daemon;

    /** Passes that count themselves, can be held at their start, and end as {@code result} says. */
    private static final class FakePasses implements Passes {
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Supplier<PassResult> result = () -> ok();
        /** What ran, in order; and whether two ever ran at once. */
        final List<String> ran = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        volatile boolean overlapped;
        volatile PassListener listener;

        @Override
        public PassResult pass(PassRequest request) {
            overlapped |= running.incrementAndGet() > 1;
            ran.add("pass");
            count.incrementAndGet();
            firstStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return result.get();
        }

        @Override
        public PassResult rollback(RollbackRequest request) {
            overlapped |= running.incrementAndGet() > 1;
            ran.add("rollback " + request.app() + (request.commit() ? " --commit" : ""));
            listener.progress(request.app() + ": start kept blue (v1)");
            running.decrementAndGet();
            return new PassResult(PassResult.Outcome.CHANGED, Optional.of("rev"), List.of(), Duration.ZERO, Optional.empty());
        }

        @Override
        public void retryStalled(Optional<String> app) {
        }
    }

    private static PassResult ok() {
        return new PassResult(PassResult.Outcome.CONVERGED, Optional.of("rev"), List.of(), Duration.ZERO, Optional.empty());
    }

    private FakePasses started() throws Exception {
        FakePasses passes = new FakePasses();
        daemon = new Daemon(CONFIG, listener -> {
            passes.listener = listener;
            return passes;
        });
        daemon.start();
        assertTrue(passes.firstStarted.await(5, TimeUnit.SECONDS), "the first pass starts at once");
        return passes;
    }

    /** daemon.stop(), which waits for the pass under way, on a thread of its own. */
    private Thread stopInBackground() {
        Thread stopper = new Thread(() -> {
            try {
                daemon.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        return stopper;
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Test
    void requestsMadeDuringAPassAreAnsweredByExactlyOneFollowUpPass() throws Exception {
        FakePasses passes = started();
        CompletableFuture<PassResult> a = daemon.requestPass(Optional.empty(), false, null);
        CompletableFuture<PassResult> b = daemon.requestPass(Optional.of("web"), false, null);
        CompletableFuture<PassResult> c = daemon.requestPass(Optional.empty(), true, null);
        passes.release.countDown();
        PassResult answer = a.get(5, TimeUnit.SECONDS);
        assertSame(answer, b.get(5, TimeUnit.SECONDS));
        assertSame(answer, c.get(5, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertEquals(2, passes.count.get(), "the first pass and one follow-up");
    }

    @Test
    void stoppingAnswersEveryRequestStillWaitingForAPass() throws Exception {
        FakePasses passes = started();
        CompletableFuture<PassResult> waiting = daemon.requestPass(Optional.empty(), false, null);
        Thread stopper = stopInBackground();
        Thread.sleep(100);
        passes.release.countDown();
        PassResult r = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        assertEquals(Optional.of("cutover stopped before this pass could run"), r.error());
        stopper.join(5000);
        daemon = null;
    }

    @Test
    void aRollbackRunsOnThePassThreadAfterThePassUnderWayNeverBesideOneAndAnswersNoSync() throws Exception {
        FakePasses passes = started();
        CompletableFuture<PassResult> sync = daemon.requestPass(Optional.empty(), false, null);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<PassResult> rollback = daemon.requestRollback("web", true, lines::add);
        Thread.sleep(200);
        assertFalse(rollback.isDone(), "it waits for the pass under way");
        passes.release.countDown();
        assertEquals(PassResult.Outcome.CHANGED, rollback.get(5, TimeUnit.SECONDS).outcome());
        assertEquals(List.of("web: start kept blue (v1)"), lines, "the rollback's progress reaches its caller");
        assertEquals(PassResult.Outcome.CONVERGED, sync.get(5, TimeUnit.SECONDS).outcome(), "the sync is answered by a pass");
        Thread.sleep(300);
        assertEquals(List.of("pass", "rollback web --commit", "pass"), passes.ran,
                "the pass under way, the rollback, then one pass for the sync and the status after the rollback");
        assertFalse(passes.overlapped);
    }

    @Test
    void stoppingAnswersARollbackStillWaitingForItsTurn() throws Exception {
        FakePasses passes = started();
        CompletableFuture<PassResult> rollback = daemon.requestRollback("web", false, null);
        Thread stopper = stopInBackground();
        Thread.sleep(100);
        passes.release.countDown();
        PassResult r = rollback.get(5, TimeUnit.SECONDS);
        assertEquals(PassResult.Outcome.FAILED, r.outcome());
        stopper.join(5000);
        daemon = null;
        assertEquals(List.of("pass"), passes.ran, "no rollback started once stopping");
    }

    @Test
    void onlyAFailureThatWaitingCanFixIsRetriedSoonerThanTheInterval() throws Exception {
        FakePasses passes = started();
        passes.result = () -> PassResult.failed(Optional.empty(), Duration.ZERO, new Failure.Transient("registry down"));
        passes.release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (passes.count.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(passes.count.get() >= 2, "a transient failure is retried after about a second");

        for (Failure notTransient : List.of(new Failure.Failed("nginx -t failed"), new Failure.Invalid("secret missing"),
                new Failure.Stalled("gate failed"))) {
            passes.result = () -> PassResult.failed(Optional.empty(), Duration.ZERO, notTransient);
            daemon.requestPass(Optional.empty(), false, null).get(5, TimeUnit.SECONDS);
            int after = passes.count.get();
            Thread.sleep(1500);
            assertEquals(after, passes.count.get(), notTransient + " waits for the interval (30 s), not a backoff");
        }
    }
}

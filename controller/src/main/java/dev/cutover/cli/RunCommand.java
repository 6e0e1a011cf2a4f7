package dev.cutover.cli;

import dev.cutover.reconcile.PassResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover run}: reconcile every repo.interval until stopped; {@code --once}: one pass.
 * On SIGTERM the pass under way finishes its current deploy (a cutover is never left
 * half-switched) and the process exits 0.
 */
@Command(name = "run", description = "Converge this server on git: once, or every repo.interval until stopped.")
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("cutover");
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    @Mixin
    ConfigOption config;

    @Option(names = "--once", description = "run a single pass and exit: 0 when converged, 1 when it failed")
    boolean once;

    @Override
    public Integer call() throws Exception {
        try (Controller c = new Controller(config.load(), Controller.printer(true))) {
            if (once) {
                PassResult r = c.reconciler.pass();
                System.out.println(Controller.summary(r));
                return Controller.exitCode(r);
            }
            return loop(c);
        }
    }

    private int loop(Controller c) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: finishing the pass under way");
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Duration interval = c.config.repo().interval();
        LOG.info("following {} ({}) every {}s as server {}", c.config.repo().url().replaceAll("//[^/@]*@", "//"),
                c.config.repo().branch(), interval.toSeconds(), c.config.server());
        int failures = 0;
        try {
            while (stop.getCount() > 0) {
                PassResult r = c.reconciler.pass();
                LOG.info(Controller.summary(r));
                failures = r.transientError() ? failures + 1 : 0;
                stop.await(wait(interval, failures).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            stopped.countDown();
        }
        return ExitCodes.OK;
    }

    /** Transient failures retry sooner, doubling from 1 s up to the interval (at most 5 minutes). */
    static Duration wait(Duration interval, int failures) {
        if (failures == 0) {
            return interval;
        }
        long backoff = 1000L << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(backoff, Math.min(interval.toMillis(), MAX_BACKOFF.toMillis())));
    }
}

package dev.cutover.reconcile;

import dev.cutover.nginx.AccessLog;
import dev.cutover.nginx.TrafficRouter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The router a pass changes nginx through: one change at a time. Apps deploy in parallel,
 * but nginx has one configuration, so two apps switching at once must never interleave one
 * app's file write, config test, reload, confirmation or restore with the other's: a config
 * test would judge the other app's half-written change, and a failed switch's restore and
 * reload would land in the middle of the other's. Health gates, drains and pulls stay
 * parallel; reads pass straight through. Fair, so switches go in the order they asked.
 */
final class SerialisedRouter implements TrafficRouter {
    private final TrafficRouter router;
    private final ReentrantLock changes = new ReentrantLock(true);

    SerialisedRouter(TrafficRouter router) {
        this.router = router;
    }

    @Override
    public void switchTo(String upstream, String content, String app, String expected, String path) {
        changes.lock();
        try {
            router.switchTo(upstream, content, app, expected, path);
        } finally {
            changes.unlock();
        }
    }

    @Override
    public void apply(String upstream, Optional<String> content) {
        changes.lock();
        try {
            router.apply(upstream, content);
        } finally {
            changes.unlock();
        }
    }

    @Override
    public Optional<String> read(String upstream) {
        return router.read(upstream);
    }

    @Override
    public Map<String, String> managedFiles() {
        return router.managedFiles();
    }

    @Override
    public Optional<String> routedTo(String app, String path) {
        return router.routedTo(app, path);
    }

    @Override
    public Optional<Probe> probe(String app, String path) {
        return router.probe(app, path);
    }

    @Override
    public Optional<AccessLog> followAccessLog(long lookback) {
        return router.followAccessLog(lookback);
    }
}

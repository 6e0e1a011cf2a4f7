package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.daemon.HostLock;
import dev.cutover.docker.DockerEngine;
import dev.cutover.git.DesiredSource;
import dev.cutover.nginx.Nginx;
import dev.cutover.outcome.FailureException;
import dev.cutover.reconcile.PassListener;
import dev.cutover.reconcile.PassResult;
import dev.cutover.reconcile.Reconciler;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a reconciler to the real git, Docker engine and nginx named in the host config. */
final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("cutover");

    final HostConfig config;
    final DockerEngine docker;
    final Reconciler reconciler;

    Controller(HostConfig config, Consumer<String> progress) {
        this.config = config;
        this.docker = new DockerEngine(config.docker().host(), config.docker().config(), config.docker().namePrefix());
        this.reconciler = new Reconciler(config, new DesiredSource(config), docker, new Nginx(config.nginx()), PassListener.printing(progress));
    }

    /** The host lock, or a one-line error naming who holds it. */
    static HostLock lock(HostConfig config) throws IOException {
        try {
            return HostLock.acquire(config.nginx().upstreamDir());
        } catch (IllegalStateException e) {
            throw new UserError(ExitCodes.FAILED, e.getMessage());
        }
    }

    /** Progress lines go to the log (run) or straight to the terminal (one-off commands). */
    static Consumer<String> printer(boolean toLog) {
        return toLog ? LOG::info : line -> System.out.println("  " + line);
    }

    static int exitCode(PassResult r) {
        if (r.ok()) {
            return ExitCodes.OK;
        }
        return r.retrySoon() && r.apps().isEmpty() ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED;
    }

    /** A one-off command that could not start: unavailable (4) when waiting can help, else failed (1). */
    static UserError userError(FailureException e) {
        return new UserError(e.failure().retrySoon() ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED, e.getMessage());
    }

    static String summary(PassResult r) {
        return String.format("pass %s in %.2fs at %s%s", r.outcome().name().toLowerCase(), r.duration().toNanos() / 1e9,
                r.revision().map(s -> s.substring(0, 12)).orElse("(no revision)"),
                r.error().map(e -> ": " + e).orElse(""));
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}

package dev.cutover.cli;

import java.util.concurrent.Callable;
import dev.cutover.config.HostConfig;
import dev.cutover.daemon.Daemon;
import dev.cutover.daemon.HostLock;
import dev.cutover.docker.DockerEngine;
import dev.cutover.git.DesiredSource;
import dev.cutover.http.AdminServer;
import dev.cutover.nginx.Nginx;
import dev.cutover.reconcile.PassResult;
import dev.cutover.reconcile.Reconciler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover run}: the daemon. Passes every repo.interval (Quartz), on {@code sync} and on
 * the GitHub webhook; the admin listener serves metrics, status and the admin calls. On
 * SIGTERM no new pass starts, the pass under way stops at its next safe point, and the
 * process exits 0. {@code --once}: a single pass, printed, then exit.
 */
@Command(name = "run", description = "Run the controller: passes every repo.interval, on sync and on webhook, with the admin listener. --once: a single pass.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--once", description = "run a single pass and exit: 0 when it converged, 1 when it failed")
    boolean once;

    @Override
    public Integer call() throws Exception {
        HostConfig host = config.load();
        try (HostLock ignored = Controller.lock(host)) {
            return once ? once(host) : daemon(host);
        }
    }

    private int once(HostConfig host) throws IOException {
        try (Controller c = new Controller(host, Controller.printer(true))) {
            PassResult r = c.reconciler.pass();
            System.out.println(Controller.summary(r));
            return Controller.exitCode(r);
        }
    }

    private int daemon(HostConfig host) throws Exception {
        // Not a static field: picocli builds every command at start, and the client commands need no logging set up.
        Logger log = LoggerFactory.getLogger("cutover");
        Optional<String> token = secretFile(host.admin().tokenFile(), "admin.tokenFile");
        Optional<String> webhookSecret = secretFile(host.webhookSecretFile(), "webhook.secretFile");
        try (DockerEngine docker = new DockerEngine(host.docker().host(), host.docker().config(), host.docker().namePrefix())) {
            Daemon daemon = new Daemon(host, listener ->
                    new Reconciler(host, new DesiredSource(host), docker, new Nginx(host.nginx()), listener));
            AdminServer admin;
            try {
                admin = new AdminServer(daemon, host.admin().listen(), token, webhookSecret);
            } catch (IOException e) {
                throw new UserError(ExitCodes.CONFIG, "cannot listen on " + host.admin().listen() + ": " + e.getMessage());
            }
            // SIGTERM and Ctrl-C end the wait below; the daemon then stops cleanly and we exit 0.
            CountDownLatch stop = new CountDownLatch(1);
            for (String signal : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
            }
            admin.start();
            log.info("following {} ({}) every {}s as server {}", host.repo().safeUrl(),
                    host.repo().branch(), host.repo().interval().toSeconds(), host.server());
            daemon.start();
            stop.await();
            log.info("stopping: no new pass; the pass under way stops at its next safe point");
            daemon.stop();
            admin.close();
            log.info("stopped");
        }
        return ExitCodes.OK;
    }

    /** A token or secret from its file; the value is never printed. */
    static Optional<String> secretFile(Optional<Path> file, String field) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            String value = Files.readString(file.get(), StandardCharsets.UTF_8).trim();
            if (value.length() < 16) {
                throw new UserError(ExitCodes.CONFIG, field + " " + file.get() + " must hold at least 16 characters");
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw new UserError(ExitCodes.CONFIG, "cannot read " + field + " " + file.get() + ": " + e.getMessage());
        }
    }
}

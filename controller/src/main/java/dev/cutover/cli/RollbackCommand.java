package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.daemon.HostLock;
import dev.cutover.outcome.FailureException;
import dev.cutover.reconcile.PassResult;
import dev.cutover.reconcile.RollbackRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover rollback --app A [--commit]}: the kept previous colour back in front, held there
 * until the app's desired state changes. When a daemon manages the host (it holds the host
 * lock), the daemon runs it as a pass of its own; otherwise this process does, under the lock.
 */
@Command(name = "rollback", description = "Put an app's kept previous colour back in front (start, health gate, switch, drain, stop) "
        + "and keep it there until the app's desired state changes. Run by the daemon when one runs, else here.")
public final class RollbackCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--app", required = true, paramLabel = "APP", description = "the app to roll back")
    String app;

    @Option(names = "--commit", description = "also write it to git: set the app's tag in this server's file to the version "
            + "put back, commit and push")
    boolean commit;

    @Override
    public Integer call() throws Exception {
        HostConfig host = admin.host();
        HostLock lock;
        try {
            lock = HostLock.acquire(host.nginx().upstreamDir());
        } catch (IllegalStateException managed) {
            return throughDaemon(managed.getMessage());
        }
        try (lock; Controller c = new Controller(host, Controller.printer(false))) {
            PassResult r;
            try {
                r = c.reconciler.rollback(new RollbackRequest(app, commit, () -> false));
            } catch (FailureException e) {
                throw Controller.userError(e);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.FAILED, e.getMessage());
            }
            System.out.println(Controller.summary(r).replaceFirst("^pass", "rollback"));
            note(r.ok());
            return Controller.exitCode(r);
        }
    }

    /** Another Cutover holds the host: the daemon's admin listener runs the rollback and streams it. */
    private int throughDaemon(String lockHeld) {
        String path = "/api/rollback?app=" + URLEncoder.encode(app, StandardCharsets.UTF_8) + (commit ? "&commit=true" : "");
        int code;
        try {
            code = SyncCommand.printProgress(admin, path);
        } catch (UserError e) {
            if (e.exitCode() != ExitCodes.UNAVAILABLE) {
                throw e;
            }
            throw new UserError(ExitCodes.FAILED, lockHeld + ", and " + e.getMessage());
        }
        note(code == ExitCodes.OK);
        return code;
    }

    private void note(boolean ok) {
        if (ok && !commit) {
            System.out.println("note: " + app + " stays on this version until its desired state in git changes; "
                    + "change it in git (or run again with --commit) to make git agree");
        }
    }
}

package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.outcome.FailureException;
import dev.cutover.reconcile.PassResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover rollback --app A}: the kept previous colour back in front, for emergencies. */
@Command(name = "rollback", description = "Put an app's kept previous colour back in front (start, health gate, switch, drain, stop).")
public final class RollbackCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--app", required = true, paramLabel = "APP", description = "the app to roll back")
    String app;

    @Override
    public Integer call() throws Exception {
        HostConfig host = config.load();
        try (var lock = Controller.lock(host); Controller c = new Controller(host, Controller.printer(false))) {
            PassResult r;
            try {
                r = c.reconciler.rollback(app);
            } catch (FailureException e) {
                throw Controller.userError(e);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.FAILED, e.getMessage());
            }
            System.out.println(Controller.summary(r).replaceFirst("^pass", "rollback"));
            if (r.ok()) {
                System.out.println("note: the next pass deploys what git says again; revert the commit in git to keep this version");
            }
            return Controller.exitCode(r);
        }
    }
}

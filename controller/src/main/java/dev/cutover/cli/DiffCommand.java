package dev.cutover.cli;

import dev.cutover.outcome.FailureException;
import dev.cutover.reconcile.Action;
import dev.cutover.reconcile.Planner;
import dev.cutover.reconcile.Reconciler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cutover diff}: what a pass would do now, per app. Changes nothing. */
@Command(name = "diff", description = "Show desired vs running per app and the steps a pass would take; changes nothing.")
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        try (Controller c = new Controller(config.load(), Controller.printer(false))) {
            Reconciler.Diff diff;
            try {
                diff = c.reconciler.diff();
            } catch (FailureException e) {
                throw Controller.userError(e);
            }
            Planner.Plan plan = diff.plan();
            System.out.println("server " + c.config.server() + " at " + diff.revision().shortSha() + " (" + diff.revision().subject() + ")");
            plan.status().forEach((app, state) -> {
                System.out.println("  " + app + ": " + state);
                plan.actions().stream().filter(a -> a.app().equals(app)).map(Action::describe)
                        .forEach(step -> System.out.println("    - " + step));
            });
            if (plan.status().isEmpty()) {
                System.out.println("  (no apps)");
            }
            System.out.println(plan.isEmpty() ? "in sync: a pass would change nothing" : plan.actions().size() + " step(s) to converge");
            return ExitCodes.OK;
        }
    }
}

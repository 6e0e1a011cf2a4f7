package dev.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover abort --app APP}: flips the app's bake back to the old colour now. */
@Command(name = "abort", description = "Flip an app that is baking back to its old colour now.")
public final class AbortCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--app", required = true, description = "the app to flip back")
    String app;

    @Override
    public Integer call() {
        return PauseCommand.post(admin, "/api/abort?app=" + PromoteCommand.checked(app));
    }
}

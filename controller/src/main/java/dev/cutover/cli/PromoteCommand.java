package dev.cutover.cli;

import dev.cutover.desired.Names;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover promote --app APP}: ends the app's bake now as passed. */
@Command(name = "promote", description = "End an app's bake now as passed: the old colour is drained and stopped.")
public final class PromoteCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--app", required = true, description = "the app whose bake ends")
    String app;

    @Override
    public Integer call() {
        return PauseCommand.post(admin, "/api/promote?app=" + checked(app));
    }

    /** An app name, checked before it goes into a URL. */
    static String checked(String app) {
        if (!Names.NAME.matcher(app).matches()) {
            throw new UserError(ExitCodes.USAGE, "--app: not a valid app name");
        }
        return app;
    }
}

package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.desired.DesiredApp;
import dev.cutover.git.DesiredSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cutover diff}: what git says this server should run. Changes nothing. */
@Command(name = "diff", description = "Fetch the desired state and show what this server should run; changes nothing.")
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        HostConfig host = config.load();
        DesiredSource.Refresh refresh = new DesiredSource(host).refresh();
        if (refresh.snapshot().isEmpty()) {
            throw new UserError(refresh.transientError() ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED,
                    refresh.error().orElse("no desired state"));
        }
        DesiredSource.Snapshot snap = refresh.snapshot().get();
        System.out.printf("server %s at %s (%s)%n", host.server(), snap.revision().shortSha(), snap.revision().subject());
        for (DesiredApp app : snap.state().apps()) {
            System.out.printf("  %-16s want %s (blue :%d, green :%d, upstream %s)%n", app.name(), app.imageRef(),
                    app.spec().bluePort(), app.spec().greenPort(), app.spec().upstream());
        }
        if (snap.state().apps().isEmpty()) {
            System.out.println("  (no apps)");
        }
        return ExitCodes.OK;
    }
}

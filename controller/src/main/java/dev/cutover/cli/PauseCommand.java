package dev.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cutover pause}: passes go on observing and reporting drift, but change nothing. */
@Command(name = "pause", description = "Make the daemon's passes observe and report drift but change nothing, until resume.")
public final class PauseCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        return post(admin, "/api/pause");
    }

    static int post(AdminOptions admin, String path) {
        AdminOptions.Answer r = admin.post(path);
        AdminOptions.check(r);
        System.out.print(r.body());
        return ExitCodes.OK;
    }
}

package dev.cutover.cli;

import java.net.http.HttpResponse;
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
        HttpResponse<String> r = admin.post(path, HttpResponse.BodyHandlers.ofString());
        AdminOptions.check(r, r.body());
        System.out.print(r.body());
        return ExitCodes.OK;
    }
}

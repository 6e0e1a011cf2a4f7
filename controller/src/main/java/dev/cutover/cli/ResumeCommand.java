package dev.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cutover resume}: passes change things again; one starts at once. */
@Command(name = "resume", description = "Let the daemon's passes change things again; a pass starts at once.")
public final class ResumeCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        return PauseCommand.post(admin, "/api/resume");
    }
}

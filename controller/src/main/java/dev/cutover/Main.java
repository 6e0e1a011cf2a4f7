package dev.cutover;

import dev.cutover.cli.DiffCommand;
import dev.cutover.cli.PauseCommand;
import dev.cutover.cli.PromoteCommand;
import dev.cutover.cli.AbortCommand;
import dev.cutover.cli.ResumeCommand;
import dev.cutover.cli.StatusCommand;
import dev.cutover.cli.SyncCommand;
import dev.cutover.cli.RollbackCommand;
import dev.cutover.cli.RunCommand;
import dev.cutover.cli.ExitCodes;
import dev.cutover.cli.ImportCommand;
import dev.cutover.cli.UserError;
import dev.cutover.cli.ValidateCommand;
import dev.cutover.yaml.Excerpt;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code cutover} program: one binary, one subcommand per job. */
@Command(name = "cutover", mixinStandardHelpOptions = true, version = "cutover 0.1.0",
        description = "GitOps blue/green cutovers of Docker containers behind nginx.",
        subcommands = {RunCommand.class, SyncCommand.class, StatusCommand.class, DiffCommand.class, ValidateCommand.class,
                RollbackCommand.class, PauseCommand.class, ResumeCommand.class, ImportCommand.class,
                PromoteCommand.class, AbortCommand.class})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "log debug detail and show stack traces of errors")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command; see cutover --help");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this directly). */
    public static int execute(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        boolean daemon = args.length > 0 && args[0].equals("run");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : daemon ? "info" : "warn");
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = e instanceof UserError u ? u.exitCode() : ExitCodes.FAILED;
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // One line, escaped and bounded: a message may quote what a less trusted source said.
            cmd.getErr().println("cutover: " + Excerpt.of(message, 500));
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            }
            return code;
        });
        return cli.execute(args);
    }
}

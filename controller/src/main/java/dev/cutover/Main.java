package dev.cutover;

import dev.cutover.cli.DiffCommand;
import dev.cutover.cli.FleetCommand;
import dev.cutover.cli.PauseCommand;
import dev.cutover.cli.PromoteCommand;
import dev.cutover.cli.AbortCommand;
import dev.cutover.cli.ClientCommandLine;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code cutover} program: one binary, one subcommand per job. */
@Command(name = "cutover", mixinStandardHelpOptions = true, version = "cutover 0.1.0",
        description = "GitOps blue/green cutovers of Docker containers behind nginx.")
public final class Main implements Runnable {
    /** Every subcommand, in the order {@code --help} lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> c = new LinkedHashMap<>();
        c.put("run", RunCommand::new);
        c.put("sync", SyncCommand::new);
        c.put("status", StatusCommand::new);
        c.put("diff", DiffCommand::new);
        c.put("fleet", FleetCommand::new);
        c.put("validate", ValidateCommand::new);
        c.put("rollback", RollbackCommand::new);
        c.put("pause", PauseCommand::new);
        c.put("resume", ResumeCommand::new);
        c.put("promote", PromoteCommand::new);
        c.put("abort", AbortCommand::new);
        c.put("import", ImportCommand::new);
        return c;
    }

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "log debug detail and show stack traces of errors")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command; see cutover --help");
    }

    public static void main(String[] args) {
        int code = ExitCodes.FAILED;
        try {
            code = execute(args);
        } catch (Throwable e) {
            // Even an Error (a class that cannot load because the jar was rebuilt under a running
            // daemon) must end the process: without System.exit the admin listener's threads
            // would keep it alive, holding its port, after the daemon stopped.
            System.err.println("cutover: " + e);
        }
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this directly). */
    public static int execute(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        boolean daemon = args.length > 0 && args[0].equals("run");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : daemon ? "info" : "warn");
        // A plain client command line (sync, status, ...) runs without picocli: its classes cannot be
        // archived for class-data sharing and its reflection was the larger part of a client
        // command's start. Any other line, help or mistake included, is picocli's, as before.
        Optional<Callable<Integer>> client = ClientCommandLine.command(args);
        if (client.isPresent()) {
            return call(client.get(), verbose);
        }
        CommandLine cli = new CommandLine(new Main());
        // Picocli builds a command's model by reflection when it is added: a command line that
        // names its subcommand gets only that one (a tenth of a second less for every client
        // command); anything else gets them all, for help and for picocli's own errors.
        Optional<String> named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().filter(COMMANDS::containsKey);
        COMMANDS.forEach((name, command) -> {
            if (named.isEmpty() || named.get().equals(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd.getErr(), verbose));
        return cli.execute(args);
    }

    /** Runs a command read by {@link ClientCommandLine}, its failures handled as picocli's handler above does. */
    private static int call(Callable<Integer> command, boolean verbose) {
        try {
            return command.call();
        } catch (Exception e) {
            PrintWriter err = new PrintWriter(System.err, true);
            int code = failed(e, err, verbose);
            err.flush();
            return code;
        }
    }

    /** A command that failed: its one-line error and, with --verbose, the stack trace; returns the exit code. */
    private static int failed(Exception e, PrintWriter err, boolean verbose) {
        int code = e instanceof UserError u ? u.exitCode() : ExitCodes.FAILED;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // One line, escaped and bounded: a message may quote what a less trusted source said.
        err.println("cutover: " + Excerpt.of(message, 500));
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }
}

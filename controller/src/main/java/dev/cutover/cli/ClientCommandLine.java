package dev.cutover.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The command lines of the client commands (sync, status, promote, abort, pause, resume),
 * read without picocli. Picocli's classes are built for Java 5, so class-data sharing cannot
 * archive them, and building a command's model by reflection took about 150 ms of every client
 * command. This parser takes only a plain, well-formed line: the command (after at most one
 * {@code --verbose}), then that command's own options, each at most once, as {@code --opt VALUE},
 * {@code --opt=VALUE} or {@code -c VALUE}. Anything else (help, a mistake, another command, an
 * {@code @file}, a repeated option, a value that starts with '-') is left to picocli, so its
 * usage text, its error messages and its exit codes stay exactly as they were.
 */
public final class ClientCommandLine {
    private static final String VERBOSE = "--verbose";
    private static final Set<String> ADMIN = Set.of("--config", "--admin", "--token-file");
    private static final Set<String> ADMIN_AND_APP = Set.of("--config", "--admin", "--token-file", "--app");
    /** Per command: the options that take a value. */
    private static final Map<String, Set<String>> VALUES = Map.of(
            "sync", ADMIN_AND_APP, "status", ADMIN, "promote", ADMIN_AND_APP, "abort", ADMIN_AND_APP,
            "pause", ADMIN, "resume", ADMIN);
    /** Per command: the options that take none. */
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "sync", Set.of(VERBOSE, "--wait"), "status", Set.of(VERBOSE, "--json"), "promote", Set.of(VERBOSE),
            "abort", Set.of(VERBOSE), "pause", Set.of(VERBOSE), "resume", Set.of(VERBOSE));
    /** Per command: the options it cannot run without. */
    private static final Map<String, Set<String>> REQUIRED = Map.of("promote", Set.of("--app"), "abort", Set.of("--app"));

    private final String command;
    /** Each option given, by its long name, to its value ("" for a flag). */
    private final Map<String, String> options;
    private final boolean verbose;

    private ClientCommandLine(String command, Map<String, String> options, boolean verbose) {
        this.command = command;
        this.options = options;
        this.verbose = verbose;
    }

    /** The client command the line names, ready to call; empty when picocli must read the line. */
    public static Optional<Callable<Integer>> command(String... args) {
        Optional<ClientCommandLine> line = parse(args);
        return line.isPresent() ? line.get().toCommand() : Optional.empty();
    }

    /** The line read, or empty when it is not a plain, well-formed client command line. */
    static Optional<ClientCommandLine> parse(String... args) {
        int i = 0;
        boolean verbose = false;
        if (i < args.length && args[i].equals(VERBOSE)) {
            verbose = true;
            i++;
        }
        if (i >= args.length || !VALUES.containsKey(args[i])) {
            return Optional.empty();
        }
        String command = args[i++];
        Set<String> values = VALUES.get(command);
        Set<String> flags = FLAGS.get(command);
        Map<String, String> options = new HashMap<>();
        if (verbose) {
            options.put(VERBOSE, "");
        }
        while (i < args.length) {
            String arg = args[i++];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("-c=")) {
                name = "-c";
                value = arg.substring(3);
            }
            if (name.equals("-c")) {
                name = "--config";
            }
            if (flags.contains(name) && value == null) {
                value = "";
            } else if (values.contains(name)) {
                if (value == null) {
                    if (i >= args.length) {
                        return Optional.empty();
                    }
                    value = args[i++];
                }
                // A value that looks like an option, or an @file picocli would expand: picocli's to read.
                if (value.startsWith("-") || value.startsWith("@")) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
            if (options.put(name, value) != null) {
                return Optional.empty();
            }
        }
        if (!options.keySet().containsAll(REQUIRED.getOrDefault(command, Set.of()))) {
            return Optional.empty();
        }
        return Optional.of(new ClientCommandLine(command, options, options.containsKey(VERBOSE)));
    }

    String name() {
        return command;
    }

    Map<String, String> options() {
        return options;
    }

    boolean verbose() {
        return verbose;
    }

    /** The command object, its fields set as picocli would set them; empty when a path is not one. */
    Optional<Callable<Integer>> toCommand() {
        AdminOptions admin = new AdminOptions();
        admin.config = new ConfigOption();
        try {
            admin.config.file = path("--config");
            admin.tokenFile = path("--token-file");
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        admin.admin = options.get("--admin");
        String app = options.get("--app");
        switch (command) {
            case "sync": {
                SyncCommand c = new SyncCommand();
                c.admin = admin;
                c.app = app;
                c.await = options.containsKey("--wait");
                return Optional.of(c);
            }
            case "status": {
                StatusCommand c = new StatusCommand();
                c.admin = admin;
                c.json = options.containsKey("--json");
                return Optional.of(c);
            }
            case "promote": {
                PromoteCommand c = new PromoteCommand();
                c.admin = admin;
                c.app = app;
                return Optional.of(c);
            }
            case "abort": {
                AbortCommand c = new AbortCommand();
                c.admin = admin;
                c.app = app;
                return Optional.of(c);
            }
            case "pause": {
                PauseCommand c = new PauseCommand();
                c.admin = admin;
                return Optional.of(c);
            }
            case "resume": {
                ResumeCommand c = new ResumeCommand();
                c.admin = admin;
                return Optional.of(c);
            }
            default:
                throw new IllegalStateException("not a client command: " + command);
        }
    }

    private Path path(String option) {
        String value = options.get(option);
        return value == null ? null : Path.of(value);
    }
}

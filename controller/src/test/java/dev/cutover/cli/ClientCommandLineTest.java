package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.Main;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

class ClientCommandLineTest {
    /** The client commands as picocli knows them, one at a time, as Main adds them. */
    private static final Map<String, Class<?>> CLIENT = Map.of("sync", SyncCommand.class, "status", StatusCommand.class,
            "promote", PromoteCommand.class, "abort", AbortCommand.class, "pause", PauseCommand.class, "resume", ResumeCommand.class);

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "sync                                          | sync {}",
            "sync --wait                                   | sync {--wait=}",
            "sync --wait -c /etc/c.yaml                    | sync {--config=/etc/c.yaml, --wait=}",
            "sync --config /etc/c.yaml --app web           | sync {--app=web, --config=/etc/c.yaml}",
            "sync --config=/etc/c.yaml --app=web --wait    | sync {--app=web, --config=/etc/c.yaml, --wait=}",
            "sync -c=/x --admin 127.0.0.1:9 --token-file t | sync {--admin=127.0.0.1:9, --config=/x, --token-file=t}",
            "sync --app=                                   | sync {--app=}",
            "sync --app status                             | sync {--app=status}",
            "sync -c sync                                  | sync {--config=sync}",
            "--verbose sync --wait                         | sync {--verbose=, --wait=}",
            "sync --wait --verbose                         | sync {--verbose=, --wait=}",
            "status                                        | status {}",
            "status --json --admin=h:1                     | status {--admin=h:1, --json=}",
            "promote --app web                             | promote {--app=web}",
            "abort --app=web -c /x                         | abort {--app=web, --config=/x}",
            "pause --admin h:1                             | pause {--admin=h:1}",
            "resume -c /x --verbose                        | resume {--config=/x, --verbose=}",
    })
    void aPlainClientCommandLineIsReadWithoutPicocli(String line, String expected) {
        Optional<ClientCommandLine> parsed = ClientCommandLine.parse(line.split(" "));
        assertTrue(parsed.isPresent(), line);
        assertEquals(expected, parsed.get().name() + " " + new TreeMap<>(parsed.get().options()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",                                   // no command: picocli's "name a command"
            "--help", "-h", "--version", "-V",    // the program's own options
            "sync --help", "status -h",           // no help option of their own: picocli's error and usage
            "run", "diff", "validate x", "rollback --app web", "import f --out d", // not client commands
            "Sync", "synch",                      // not a command
            "sync --bogus", "status --wait", "pause --app web", "sync extra", // not the command's option or argument
            "sync --app", "sync -c",              // an option without its value
            "sync --app a --app b", "sync --wait --wait", "sync -c x --config y", "--verbose sync --verbose", // repeated
            "--verbose --verbose sync",
            "sync --wait=true", "status --json=false", // a flag with a value
            "sync --app --wait", "sync --app -x", "sync --config=-x", // a value that looks like an option
            "sync -cfile", "sync --conf x",        // glued or abbreviated
            "sync @args", "sync --app @name", "sync -c=@f", // an @file picocli would expand
            "sync -- --wait",                     // end of options
            "promote", "abort -c /x",             // a required option missing
            "-c /x sync",                         // an option before the command
    })
    void anyOtherLineIsLeftToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertEquals(Optional.empty(), ClientCommandLine.parse(args).map(ClientCommandLine::name), line);
        assertEquals(Optional.empty(), ClientCommandLine.command(args), line);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "sync", "sync --wait", "sync --wait -c /etc/c.yaml", "sync --config=/etc/c.yaml --app=web --wait",
            "sync -c=/x --admin 127.0.0.1:9 --token-file t", "sync --app=", "sync --app status", "--verbose sync --wait",
            "status", "status --json --admin=h:1 --token-file=/t", "promote --app web", "abort --app=web -c /x",
            "pause --admin h:1", "resume -c /x --verbose",
    })
    void aLineReadWithoutPicocliSetsTheSameFieldsPicocliWould(String line) throws Exception {
        String[] args = line.split(" ");
        Callable<Integer> ours = ClientCommandLine.command(args).orElseThrow();
        ParseResult parsed = picocli(ClientCommandLine.parse(args).orElseThrow().name()).parseArgs(args);
        Object theirs = parsed.subcommand().commandSpec().userObject();
        assertEquals(fields(theirs), fields(ours), line);
        assertEquals(parsed.hasMatchedOption("--verbose") || parsed.subcommand().hasMatchedOption("--verbose"),
                ClientCommandLine.parse(args).orElseThrow().verbose(), line);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"sync", "status", "promote", "abort", "pause", "resume"})
    void everyOptionPicocliKnowsForAClientCommandIsReadHereTooAndARequiredOneIsRequired(String command) {
        CommandLine sub = picocli(command).getSubcommands().get(command);
        for (OptionSpec o : sub.getCommandSpec().options()) {
            for (String name : o.names()) {
                String line = command + " " + name + (o.arity().max() == 0 ? "" : " v");
                String withRequired = requiredToo(command, line);
                Optional<ClientCommandLine> read = ClientCommandLine.parse(withRequired.split(" "));
                assertTrue(read.isPresent() && read.get().options().containsKey(o.longestName()), withRequired);
                if (o.required()) {
                    assertEquals(Optional.empty(), ClientCommandLine.parse(command).map(ClientCommandLine::name), command);
                }
            }
        }
    }

    /** The line with the command's required --app added when the line lacks it. */
    private static String requiredToo(String command, String line) {
        boolean needsApp = command.equals("promote") || command.equals("abort");
        return needsApp && !line.contains("--app") ? line + " --app web" : line;
    }

    /** Picocli's command line for Main with one client command, as Main builds it. */
    private static CommandLine picocli(String command) {
        try {
            return new CommandLine(new Main()).addSubcommand(command, CLIENT.get(command).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Every field a command line sets, through the options objects, by name. */
    private static Map<String, Object> fields(Object o) throws IllegalAccessException {
        Map<String, Object> out = new TreeMap<>();
        out.put("class", o.getClass().getSimpleName());
        collect("", o, out);
        return out;
    }

    private static void collect(String prefix, Object o, Map<String, Object> out) throws IllegalAccessException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(o);
            if (v instanceof AdminOptions || v instanceof ConfigOption) {
                collect(prefix + f.getName() + ".", v, out);
            } else {
                out.put(prefix + f.getName(), String.valueOf(v));
            }
        }
    }
}

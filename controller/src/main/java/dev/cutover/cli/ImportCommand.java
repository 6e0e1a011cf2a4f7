package dev.cutover.cli;

import dev.cutover.compose.ComposeImport;
import dev.cutover.compose.DesiredStateText;
import dev.cutover.compose.Imported;
import dev.cutover.compose.ImportedApp;
import dev.cutover.desired.Names;
import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover import COMPOSE_FILE --out DIR}: a first desired-state folder from the compose
 * file a team ran blue/green with by hand. Every line it prints is one thing the reader must
 * look at ({@code file:line: field: message}); a secret's value is never printed or written.
 * Either every file is written or none: the targets are checked before the first write.
 */
@Command(name = "import", description = "Turn a docker compose file into a desired-state folder; print what could not be mapped.")
public final class ImportCommand implements Callable<Integer> {
    /** Enough to see what a real file needs; a hostile one cannot flood the terminal. */
    static final int MAX_LINES = 200;
    private static final int PATH_LIMIT = 200;

    @Parameters(paramLabel = "COMPOSE_FILE", description = "the compose file (compose.yaml, docker-compose.yml)")
    Path compose;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the desired-state folder to write (apps/, servers/)")
    Path out;

    @Option(names = "--server", paramLabel = "NAME", defaultValue = "local", description = "the server file to write (default: local)")
    String server;

    @Option(names = "--force", description = "overwrite files that exist")
    boolean force;

    @Override
    public Integer call() throws IOException {
        String shownCompose = Excerpt.of(compose.toString(), PATH_LIMIT);
        if (!Names.NAME.matcher(server).matches()) {
            throw new UserError(ExitCodes.USAGE, "--server: '" + Excerpt.of(server) + "' is not a valid server name");
        }
        if (!Files.isRegularFile(compose)) {
            throw new UserError(ExitCodes.USAGE, shownCompose + " is not a file");
        }
        Imported imported = ComposeImport.read(compose, compose.toString(), server);
        print(imported.notes());
        print(imported.problems());
        if (!imported.ok()) {
            System.out.printf("not imported: %d problem(s) in %s; nothing written%n", imported.problems().size(), shownCompose);
            return ExitCodes.FAILED;
        }
        if (imported.apps().isEmpty()) {
            System.out.printf("not imported: no service of %s could be mapped (see above); nothing written%n", shownCompose);
            return ExitCodes.FAILED;
        }
        Map<Path, String> files = new LinkedHashMap<>();
        for (ImportedApp app : imported.apps()) {
            files.put(out.resolve("apps").resolve(app.name() + ".yaml"), DesiredStateText.app(app, compose.toString()));
        }
        files.put(out.resolve("servers").resolve(server + ".yaml"), DesiredStateText.server(imported.apps(), compose.toString()));
        refuseToOverwrite(files.keySet());
        for (Map.Entry<Path, String> f : files.entrySet()) {
            write(f.getKey(), f.getValue());
            System.out.println("wrote " + Excerpt.of(f.getKey().toString(), PATH_LIMIT));
        }
        System.out.printf("imported %d app(s) from %s, %d line(s) above to look at; check it with: cutover validate %s%n",
                imported.apps().size(), shownCompose, imported.notes().size(), Excerpt.of(out.toString(), PATH_LIMIT));
        return ExitCodes.OK;
    }

    private static void print(List<Problem> lines) {
        lines.stream().limit(MAX_LINES).forEach(System.out::println);
        if (lines.size() > MAX_LINES) {
            System.out.println("... and " + (lines.size() - MAX_LINES) + " more line(s) like these");
        }
    }

    /** Before anything is written: an existing file needs --force, and a link is never written through. */
    private void refuseToOverwrite(Iterable<Path> targets) {
        for (Path target : targets) {
            String shown = Excerpt.of(target.toString(), PATH_LIMIT);
            if (Files.isSymbolicLink(target)) {
                throw new UserError(ExitCodes.FAILED, shown + " is a symbolic link; refused (nothing written)");
            }
            if (!force && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError(ExitCodes.FAILED, shown + " exists; pass --force to overwrite it (nothing written)");
            }
        }
    }

    private void write(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }
}

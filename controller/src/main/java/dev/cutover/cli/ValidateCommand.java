package dev.cutover.cli;

import dev.cutover.desired.DesiredState;
import dev.cutover.desired.DesiredStateLoader;
import dev.cutover.desired.InvalidDesiredState;
import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover validate DIR}: the desired-state repository's pull-request check. It runs on
 * content from the PR's author, so every line it prints is escaped (a file name or value
 * cannot recolour the CI log or hide a line), and whatever goes wrong is one line, never a
 * stack trace. Without a host config it checks against {@code HostPolicy.LOOPBACK_ONLY}: a
 * PR that needs a host's exposure opt-in fails here and says so.
 */
@Command(name = "validate", description = "Check a desired-state folder; print every problem, one per line.")
public final class ValidateCommand implements Callable<Integer> {
    /** Long enough for any real path; a path is the operator's own, but still one line. */
    private static final int PATH_LIMIT = 200;

    @Parameters(paramLabel = "DIR", description = "the desired-state folder (holding apps/ and servers/)")
    Path dir;

    @Option(names = "--server", paramLabel = "NAME", description = "check only what this server would load")
    String server;

    @Override
    public Integer call() {
        String shownDir = Excerpt.of(dir.toString(), PATH_LIMIT);
        if (!Files.isDirectory(dir)) {
            throw new UserError(ExitCodes.USAGE, shownDir + " is not a folder");
        }
        long start = System.nanoTime();
        try {
            String summary;
            if (server != null) {
                DesiredState state = DesiredStateLoader.loadServer(dir, server);
                summary = "server " + Excerpt.of(server) + " runs " + state.apps().size() + " app(s)";
            } else {
                DesiredStateLoader.Summary s = DesiredStateLoader.validateAll(dir);
                summary = s.apps() + " app(s), " + s.servers() + " server(s), " + s.deployments() + " deployment(s)";
            }
            System.out.printf("valid: %s in %s (%d ms)%n", summary, shownDir, (System.nanoTime() - start) / 1_000_000);
            return ExitCodes.OK;
        } catch (InvalidDesiredState e) {
            for (Problem p : e.problems()) {
                // Problem.toString() is escaped already; the prefix is the operator's path.
                System.out.println(shownDir + "/" + p);
            }
            System.out.printf("invalid: %d problem(s) in %s%n", e.problems().size(), shownDir);
            return ExitCodes.FAILED;
        } catch (RuntimeException e) {
            // A bug, not a verdict on the folder: still one escaped line, never a trace.
            throw new UserError(ExitCodes.FAILED, "validate failed (" + e.getClass().getSimpleName() + "): "
                    + Excerpt.of(String.valueOf(e.getMessage())));
        }
    }
}

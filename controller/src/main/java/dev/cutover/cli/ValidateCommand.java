package dev.cutover.cli;

import dev.cutover.desired.DesiredState;
import dev.cutover.desired.DesiredStateLoader;
import dev.cutover.desired.InvalidDesiredState;
import dev.cutover.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover validate DIR}: the desired-state repository's pull-request check. */
@Command(name = "validate", description = "Check a desired-state folder; print every problem, one per line.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the desired-state folder (holding apps/ and servers/)")
    Path dir;

    @Option(names = "--server", paramLabel = "NAME", description = "check only what this server would load")
    String server;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new UserError(ExitCodes.USAGE, dir + " is not a folder");
        }
        long start = System.nanoTime();
        try {
            String summary;
            if (server != null) {
                DesiredState state = DesiredStateLoader.loadServer(dir, server);
                summary = "server " + server + " runs " + state.apps().size() + " app(s)";
            } else {
                DesiredStateLoader.Summary s = DesiredStateLoader.validateAll(dir);
                summary = s.apps() + " app(s), " + s.servers() + " server(s), " + s.deployments() + " deployment(s)";
            }
            System.out.printf("valid: %s in %s (%d ms)%n", summary, dir, (System.nanoTime() - start) / 1_000_000);
            return ExitCodes.OK;
        } catch (InvalidDesiredState e) {
            for (Problem p : e.problems()) {
                System.out.println(dir + "/" + p);
            }
            System.out.printf("invalid: %d problem(s) in %s%n", e.problems().size(), dir);
            return ExitCodes.FAILED;
        }
    }
}

package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.fleet.FleetView;
import dev.cutover.fleet.ReportCodec;
import dev.cutover.fleet.ServerReport;
import dev.cutover.git.GitException;
import dev.cutover.git.GitSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cutover fleet}: every server's status as the git host holds it. Needs no daemon: it
 * fetches the desired-state repository's status refs into a clone of its own, which it
 * deletes after, with the host config's repository and credentials.
 */
@Command(name = "fleet", description = "Show every server's status from the desired-state repository: "
        + "per app, the rollout's progress by wave, and what each server runs, its wave, its state and why; needs no daemon.")
public final class FleetCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        HostConfig host = config.load();
        Path temp = Files.createTempDirectory("cutover-fleet-");
        try {
            HostConfig.Repo r = host.repo();
            GitSource git = new GitSource(new HostConfig.Repo(r.url(), r.branch(), r.path(), r.interval(), r.credentials(),
                    r.username(), temp.resolve("clone")));
            Map<String, ServerReport> reports = new TreeMap<>();
            try {
                git.sync();
                git.statusReports(ReportCodec.MAX_BYTES).forEach((server, bytes) -> {
                    ReportCodec.Read read = ReportCodec.read(bytes, server);
                    if (read instanceof ReportCodec.Valid v) {
                        reports.put(server, v.report());
                    } else if (read instanceof ReportCodec.Invalid i) {
                        System.out.println("(the status of " + server + " is unreadable: " + i.why() + ")");
                    }
                });
            } catch (GitException e) {
                throw new UserError(e.isTransient() ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED, e.getMessage(), e);
            }
            System.out.print(FleetView.render(reports, Instant.now()));
            return ExitCodes.OK;
        } finally {
            delete(temp);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

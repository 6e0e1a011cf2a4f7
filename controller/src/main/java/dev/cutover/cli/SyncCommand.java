package dev.cutover.cli;

import java.util.Optional;
import dev.cutover.reconcile.PassResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover sync [--app A] [--wait]}: ask the daemon for a pass now. */
@Command(name = "sync", description = "Ask the running daemon for a pass now (also retries a stalled deploy). --wait prints each step and the result.")
public final class SyncCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--app", paramLabel = "APP", description = "only this app")
    String app;

    @Option(names = "--wait", description = "wait for the pass, print each step as it happens; exit 1 if it fails")
    boolean await;

    @Override
    public Integer call() {
        String path = "/api/sync?wait=" + await + (app == null ? "" : "&app=" + URLEncoder.encode(app, StandardCharsets.UTF_8));
        if (!await) {
            AdminOptions.Answer r = admin.post(path);
            AdminOptions.check(r);
            System.out.print(r.body());
            return ExitCodes.OK;
        }
        return printProgress(admin, path);
    }

    /**
     * Posts a call the daemon answers with a progress stream (sync --wait, rollback), prints each
     * line as it comes, and says by exit code whether the result line says it went well.
     */
    static int printProgress(AdminOptions admin, String path) {
        AtomicReference<String> last = new AtomicReference<>("");
        // A class, not a lambda, as below: class-data sharing is recorded by a `status`, which never
        // runs this, and the first lambda a process makes that is not in the archive spins the
        // lambda factory up (10-20 ms of a sync --wait).
        admin.postStreaming(path, new Consumer<String>() {
            @Override
            public void accept(String line) {
                last.set(line);
                System.out.println(line.startsWith(PassResult.RESULT_LINE) ? line : "  " + line);
                System.out.flush();
            }
        });
        Optional<PassResult.Outcome> outcome = outcomeOf(last.get());
        return outcome.isPresent() && outcome.get().ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The outcome the stream's last line names; empty when the stream ended without one (cut off). */
    static Optional<PassResult.Outcome> outcomeOf(String last) {
        if (!last.startsWith(PassResult.RESULT_LINE)) {
            return Optional.empty();
        }
        String rest = last.substring(PassResult.RESULT_LINE.length());
        int colon = rest.indexOf(':');
        return PassResult.Outcome.fromLabel(colon < 0 ? rest : rest.substring(0, colon));
    }
}

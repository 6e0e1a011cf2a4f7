package dev.cutover.cli;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
            HttpResponse<String> r = admin.post(path, HttpResponse.BodyHandlers.ofString());
            AdminOptions.check(r, r.body());
            System.out.print(r.body());
            return ExitCodes.OK;
        }
        HttpResponse<Stream<String>> r = admin.postStreaming(path);
        String last = "";
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() / 100 != 2) {
                AdminOptions.check(r, String.join("\n", lines.toList()));
            }
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                last = it.next();
                System.out.println(last.startsWith("result: ") ? last : "  " + last);
                System.out.flush();
            }
        }
        boolean ok = last.startsWith("result: converged") || last.startsWith("result: changed") || last.startsWith("result: paused");
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

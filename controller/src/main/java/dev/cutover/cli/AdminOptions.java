package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.common.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the client commands find the daemon: --admin and --token-file, else $CUTOVER_ADMIN and
 * $CUTOVER_TOKEN_FILE, else the host config's admin section.
 */
public final class AdminOptions {
    @Mixin
    ConfigOption config;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "the daemon's admin listener (default: $CUTOVER_ADMIN, else admin.listen)")
    String admin;

    @Option(names = "--token-file", paramLabel = "FILE", description = "the admin token file (default: $CUTOVER_TOKEN_FILE, else admin.tokenFile)")
    Path tokenFile;

    private HostConfig host;

    HostConfig host() {
        if (host == null) {
            host = config.load();
        }
        return host;
    }

    String base() {
        String a = Optional.ofNullable(admin).or(() -> Optional.ofNullable(System.getenv("CUTOVER_ADMIN")))
                .orElseGet(() -> host().admin().listen());
        return a.startsWith("http") ? a : "http://" + a;
    }

    String token() {
        Optional<Path> file = Optional.ofNullable(tokenFile)
                .or(() -> Optional.ofNullable(System.getenv("CUTOVER_TOKEN_FILE")).map(Path::of))
                .or(() -> host().admin().tokenFile());
        return RunCommand.secretFile(file, "token file").orElseThrow(() ->
                new UserError(ExitCodes.USAGE, "no admin token: give --token-file, set CUTOVER_TOKEN_FILE, or admin.tokenFile in the host config"));
    }

    /** A GET that needs the admin token, such as /api/status (its failure reasons quote container logs). */
    HttpResponse<String> getWithToken(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token())
                .timeout(Duration.ofSeconds(10)).GET(), HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> post(String path, HttpResponse.BodyHandler<T> handler) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.noBody()), handler);
    }

    HttpResponse<Stream<String>> postStreaming(String path) {
        return post(path, HttpResponse.BodyHandlers.ofLines());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return Http.CLIENT.send(request.build(), handler);
        } catch (IOException e) {
            throw new UserError(ExitCodes.UNAVAILABLE, "cannot reach the cutover daemon at " + base() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(ExitCodes.FAILED, "interrupted");
        }
    }

    /** Turns a refusal into a one-line error. */
    static void check(HttpResponse<?> r, String body) {
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new UserError(ExitCodes.USAGE, "the daemon refused: " + body.strip());
        }
        if (r.statusCode() / 100 != 2) {
            throw new UserError(ExitCodes.FAILED, "the daemon answered HTTP " + r.statusCode() + ": " + body.strip());
        }
    }
}

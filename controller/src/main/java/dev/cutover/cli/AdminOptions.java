package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the client commands find the daemon: --admin and --token-file, else $CUTOVER_ADMIN and
 * $CUTOVER_TOKEN_FILE, else the host config's admin section.
 */
public final class AdminOptions {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

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

    /** What the daemon answered: the status and the body. */
    record Answer(int status, String body) {
    }

    /** A GET that needs the admin token, such as /api/status (its failure reasons quote container logs). */
    Answer getWithToken(String path) {
        return send("GET", path, STATUS_TIMEOUT, ANSWER);
    }

    Answer post(String path) {
        return send("POST", path, Duration.ZERO, ANSWER);
    }

    /**
     * The status and the whole body. One lambda for GET and POST alike: the class-data sharing
     * archive, recorded by a `status`, holds it, so a POST does not spin a lambda of its own.
     */
    private static final Exchange<Answer> ANSWER = r -> new Answer(r.status(), body(r));

    /**
     * A POST whose answer is a stream of lines (sync --wait), each handed to {@code line} as
     * it arrives; a refusal becomes a one-line error before any line.
     */
    void postStreaming(String path, Consumer<String> line) {
        // A class, not a lambda: see SyncCommand.printProgress (the archive's `status` never streams).
        send("POST", path, Duration.ZERO, new Exchange<Void>() {
            @Override
            public Void on(Reply r) throws IOException {
                if (r.status() / 100 != 2) {
                    check(r.status(), body(r));
                }
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        line.accept(l);
                    }
                }
                return null;
            }
        });
    }

    /** What came back: the status, and the body whatever the status (empty when there is none). */
    private interface Reply {
        int status() throws IOException;

        InputStream body() throws IOException;
    }

    private interface Exchange<T> {
        T on(Reply reply) throws IOException;
    }

    /**
     * One request. Plain http goes over a socket of its own ({@link PlainHttp}), not the JDK's
     * HttpURLConnection: the first http URL of a process looks for protocol handlers in every
     * jar. Anything else (https) takes the JDK's plain connection, not its HttpClient: that client
     * sets up TLS when it is built (keystores, providers), a fifth of a second of every client
     * command. Never through a proxy: the request carries the token.
     */
    private <T> T send(String method, String path, Duration readTimeout, Exchange<T> exchange) {
        try {
            URI uri = URI.create(base() + path);
            if (PlainHttp.handles(uri)) {
                try (PlainHttp r = PlainHttp.exchange(uri, method, token(), (int) CONNECT_TIMEOUT.toMillis(), (int) readTimeout.toMillis())) {
                    return exchange.on(new Reply() {
                        @Override
                        public int status() {
                            return r.status();
                        }

                        @Override
                        public InputStream body() {
                            return r.body();
                        }
                    });
                }
            }
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            try {
                c.setRequestMethod(method);
                c.setInstanceFollowRedirects(false);
                c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
                c.setReadTimeout((int) readTimeout.toMillis());
                c.setRequestProperty("Authorization", "Bearer " + token());
                if (method.equals("POST")) {
                    c.setDoOutput(true);
                    c.setFixedLengthStreamingMode(0);
                    c.getOutputStream().close();
                }
                return exchange.on(new Reply() {
                    @Override
                    public int status() throws IOException {
                        return c.getResponseCode();
                    }

                    @Override
                    public InputStream body() throws IOException {
                        InputStream in = c.getResponseCode() / 100 == 2 ? c.getInputStream() : c.getErrorStream();
                        return in == null ? InputStream.nullInputStream() : in;
                    }
                });
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(ExitCodes.UNAVAILABLE, "cannot reach the cutover daemon at " + base() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The body of an answer, whatever its status. */
    private static String body(Reply r) throws IOException {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Turns a refusal into a one-line error. */
    static void check(Answer answer) {
        check(answer.status(), answer.body());
    }

    private static void check(int status, String body) {
        if (status == 401 || status == 403) {
            throw new UserError(ExitCodes.USAGE, "the daemon refused: " + body.strip());
        }
        if (status / 100 != 2) {
            throw new UserError(ExitCodes.FAILED, "the daemon answered HTTP " + status + ": " + body.strip());
        }
    }
}

package dev.cutover.testing;

import dev.cutover.common.Http;
import dev.cutover.http.Signatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** {@code cutover run} as a real separate process, with its own JVM, for daemon tests. */
public final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String base;

    public DaemonProcess(Path config, int adminPort, Path log) {
        this(config, adminPort, log, "");
    }

    /** @param failpoints where the daemon pauses (CUTOVER_FAILPOINTS), for kill tests; "" for none */
    public DaemonProcess(Path config, int adminPort, Path log, String failpoints) {
        this(config, adminPort, log, failpoints, 60);
        try {
            await(Duration.ofSeconds(60), "the daemon's first pass to end", () -> get("/api/status").body().contains("\"lastPass\""));
        } catch (AssertionError e) {
            process.destroyForcibly(); // the test never gets this object to close: no daemon may outlive it
            throw e;
        }
    }

    /**
     * Returns once the daemon is ready (its first observe), possibly while its first pass is
     * still under way.
     *
     * @param pauseSeconds how long the daemon holds still at a failpoint
     */
    public DaemonProcess(Path config, int adminPort, Path log, String failpoints, int pauseSeconds) {
        this.log = log;
        this.base = "http://127.0.0.1:" + adminPort;
        this.process = start(config, log, failpoints, pauseSeconds, "run");
        try {
            await(Duration.ofSeconds(30), "the daemon to answer /readyz", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the daemon exited: " + log());
                }
                return get("/readyz").statusCode() == 200;
            });
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Starts {@code cutover ARGS --config CONFIG} as a process of its own. */
    public static Process start(Path config, Path log, String failpoints, String... args) {
        return start(config, log, failpoints, 60, args);
    }

    private static Process start(Path config, Path log, String failpoints, int pauseSeconds, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The JVM flags of the launcher (bin/cutover), so the daemon under test runs as it does for users.
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.cutover.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString()));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().put("CUTOVER_FAILPOINTS", failpoints);
        b.environment().put("CUTOVER_FAILPOINT_SECONDS", Integer.toString(pauseSeconds));
        try {
            return b.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String base() {
        return base;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A GET with the stage's admin token, which /api/status needs (metrics and health ignore it). */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Stage.ADMIN_TOKEN).GET());
    }

    public HttpResponse<String> post(String path, String token, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /** A GitHub push webhook, signed with {@code secret}. */
    public HttpResponse<String> push(String ref, String secret) {
        byte[] body = ("{\"ref\":\"" + ref + "\",\"after\":\"0000000000000000000000000000000000000000\"}").getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(base + "/api/webhook/github")).timeout(Duration.ofSeconds(30))
                .header("X-GitHub-Event", "push").header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Signatures.githubSignature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The sum of the series in /metrics whose line starts with {@code prefix} (a name, or a name and labels). */
    public double metric(String prefix) {
        return get("/metrics").body().lines()
                .filter(l -> l.startsWith(prefix.contains("{") ? prefix : prefix + "{") || l.startsWith(prefix + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM and returns the exit code (or -1 if it did not exit in time). */
    public int terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public static void await(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not up yet
            }
            Http.pause(Duration.ofMillis(100));
        }
        throw new AssertionError("timed out after " + within.toSeconds() + "s waiting for " + what);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public List<String> logLines() {
        return log().lines().toList();
    }
}

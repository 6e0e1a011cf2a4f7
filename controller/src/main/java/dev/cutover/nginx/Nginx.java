package dev.cutover.nginx;

import dev.cutover.config.HostConfig;
import dev.cutover.common.Http;
import dev.cutover.common.Failpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Changes what nginx routes to, safely: the managed file is replaced atomically, checked
 * with the config test, and nginx reloaded; if the test or the reload fails, the previous
 * file is put back (and nginx reloaded onto it), so traffic stays where it was.
 */
public final class Nginx implements TrafficRouter {
    /** How long {@code nginx -t} or a reload may take before it is killed and the switch fails. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONFIRM_DEADLINE = Duration.ofSeconds(10);
    /**
     * After a reload nginx starts new workers, waits about 100 ms, and only then tells the old
     * ones to stop accepting; until then an old worker may still route the old way. When the
     * old workers cannot be watched, the new route counts as confirmed only after every
     * answer for this long came from it.
     */
    static final Duration CONFIRM_STEADY = Duration.ofMillis(500);
    /**
     * How long the old workers get to retire after a reload before the switch falls back to
     * the steady window (a pid file of another nginx, a reload nginx ignored).
     */
    static final Duration RETIRE_WAIT = Duration.ofSeconds(3);
    private static final Duration RETIRE_POLL = Duration.ofMillis(5);

    private final HostConfig.Nginx config;
    private final Duration commandTimeout;

    public Nginx(HostConfig.Nginx config) {
        this(config, COMMAND_TIMEOUT);
    }

    public Nginx(HostConfig.Nginx config, Duration commandTimeout) {
        this.config = config;
        this.commandTimeout = commandTimeout;
    }

    public Path fileFor(String upstream) {
        return config.upstreamDir().resolve(upstream + ".conf");
    }

    @Override
    public Optional<String> read(String upstream) {
        Path file = fileFor(upstream);
        try {
            // A link planted in the upstream folder is not ours: it is neither read nor followed.
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Points an upstream at a new server list and confirms through nginx that it took; if
     * any part fails, the previous file is back in place and nginx reloaded onto it.
     */
    /** Files in the upstream folder that carry Cutover's header: app name to upstream name. */
    @Override
    public Map<String, String> managedFiles() {
        Map<String, String> out = new HashMap<>();
        if (!Files.isDirectory(config.upstreamDir())) {
            return out;
        }
        try (Stream<Path> files = Files.list(config.upstreamDir())) {
            // Only regular files: a link or a FIFO planted in the folder is neither followed nor opened.
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String name = f.getFileName().toString();
                UpstreamFile.app(Files.readString(f, StandardCharsets.UTF_8))
                        .ifPresent(app -> out.put(app, name.substring(0, name.length() - ".conf".length())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config.upstreamDir(), e);
        }
        return out;
    }

    @Override
    public void switchTo(String upstream, String content, String app, String expected, String path) {
        switchAndConfirm(upstream, content, app, expected, path);
    }

    /** {@link #switchTo}, saying how the new route was confirmed. */
    Confirmation switchAndConfirm(String upstream, String content, String app, String expected, String path) {
        Optional<String> previous = read(upstream);
        Optional<WorkerGeneration> before = replace(upstream, Optional.of(content));
        try {
            return confirmRoutesTo(app, expected, path, before);
        } catch (NginxException e) {
            write(fileFor(upstream), previous);
            Command.run(config.reload(), commandTimeout);
            throw e;
        }
    }

    /** Replaces (or, with empty content, removes) an upstream file; test and reload, or roll back. */
    @Override
    public void apply(String upstream, Optional<String> content) {
        replace(upstream, content);
    }

    /** As {@link #apply}; returns nginx's workers as they were just before the reload, if they can be watched. */
    private Optional<WorkerGeneration> replace(String upstream, Optional<String> content) {
        Path file = fileFor(upstream);
        Optional<String> previous = read(upstream);
        defineLogFormat();
        write(file, content);
        Failpoints.reach(Failpoints.AFTER_UPSTREAM_WRITE);
        Command.Result test = Command.run(config.test(), commandTimeout);
        if (!test.ok()) {
            write(file, previous);
            throw new NginxException("nginx config test failed, previous upstream restored: " + firstLines(test.output()));
        }
        // Taken as late as possible: a generation started after this point already has the new file.
        Optional<WorkerGeneration> before = WorkerGeneration.of(config.pidFile());
        Command.Result reload = Command.run(config.reload(), commandTimeout);
        if (!reload.ok()) {
            write(file, previous);
            Command.run(config.reload(), commandTimeout);
            throw new NginxException("nginx reload failed, previous upstream restored: " + firstLines(reload.output()));
        }
        Failpoints.reach(Failpoints.AFTER_RELOAD);
        return before;
    }

    /**
     * Waits until fresh requests through nginx's probe server for {@code app} are answered by
     * {@code expected} (host:port, or several separated by commas: a colour of replicas, any of
     * which may answer). A reload is asynchronous; this is how we know it took.
     * Once the workers of {@code before} (nginx's workers before the reload) have all retired,
     * only the new configuration accepts, so one such answer proves it; when they cannot be
     * watched, or do not retire within {@link #RETIRE_WAIT}, every answer must come from
     * {@code expected} for {@link #CONFIRM_STEADY}.
     *
     * @return how the route was confirmed
     */
    Confirmation confirmRoutesTo(String app, String expected, String path, Optional<WorkerGeneration> before) {
        long deadline = System.nanoTime() + CONFIRM_DEADLINE.toNanos();
        Confirmation how = before.filter(g -> awaitRetired(g, Math.min(deadline, System.nanoTime() + RETIRE_WAIT.toNanos())))
                .map(g -> Confirmation.OLD_WORKERS_RETIRED).orElse(Confirmation.STEADY_WINDOW);
        Duration steady = how == Confirmation.OLD_WORKERS_RETIRED ? Duration.ZERO : CONFIRM_STEADY;
        String last = "no answer";
        long steadySince = 0;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = send(app, path);
                String via = r.headers().firstValue("X-Cutover-Upstream").orElse("");
                if (Set.of(expected.split(",")).contains(answeredBy(via))) {
                    steadySince = steadySince == 0 ? System.nanoTime() : steadySince;
                    if (System.nanoTime() - steadySince >= steady.toNanos()) {
                        return how;
                    }
                    Http.pause(Duration.ofMillis(20));
                    continue;
                }
                steadySince = 0;
                last = "HTTP " + r.statusCode() + " from " + (via.isEmpty() ? "an unknown upstream" : via);
            } catch (IOException e) {
                steadySince = 0;
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NginxException("interrupted while confirming the switch");
            }
            Http.pause(Duration.ofMillis(20));
        }
        throw new NginxException("nginx did not route " + app + " to " + expected + " within "
                + CONFIRM_DEADLINE.toSeconds() + "s (last: " + last + ")");
    }

    /** How a switch was confirmed: by the old workers' retirement and one answer, or by a steady window of answers. */
    enum Confirmation { OLD_WORKERS_RETIRED, STEADY_WINDOW }

    /** Polls until every worker of {@code old} has retired; false at {@code until} (nanoTime). */
    private static boolean awaitRetired(WorkerGeneration old, long until) {
        while (!old.retired()) {
            if (System.nanoTime() >= until || Thread.currentThread().isInterrupted()) {
                return false;
            }
            Http.pause(RETIRE_POLL);
        }
        return true;
    }

    @Override
    public Optional<Probe> probe(String app, String path) {
        try {
            HttpResponse<Void> r = send(app, path);
            return Optional.of(new Probe(r.statusCode(), r.headers().firstValue("X-Cutover-Upstream").map(Nginx::answeredBy).orElse("")));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public Optional<AccessLog> followAccessLog(long lookback) {
        return AccessLog.open(config.accessLog(), lookback);
    }

    /** One fresh request through nginx's probe server for {@code app} (selected by Host). */
    private HttpResponse<Void> send(String app, String path) throws IOException, InterruptedException {
        return Http.CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + config.probe() + path))
                .header("Host", UpstreamFile.probeHost(app)).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** The last address in $upstream_addr ("a, b" when nginx tried a, then b). */
    private static String answeredBy(String via) {
        return via.contains(",") ? via.substring(via.lastIndexOf(',') + 1).trim() : via.trim();
    }

    /**
     * Keeps the access log format bakes read in the upstream folder, loaded with the next
     * reload, so the user's {@code access_log … cutover;} line always has it.
     */
    private void defineLogFormat() {
        Path file = config.upstreamDir().resolve(AccessLog.FORMAT_FILE_NAME);
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(file, StandardCharsets.UTF_8).equals(AccessLog.FORMAT_FILE)) {
                return;
            }
        } catch (IOException e) {
            // unreadable: written again below
        }
        write(file, Optional.of(AccessLog.FORMAT_FILE));
    }

    private static void write(Path file, Optional<String> content) {
        try {
            if (content.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            // A fresh, exclusively created temp file: never one a link planted under a fixed name points at.
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.writeString(tmp, content.get(), StandardCharsets.UTF_8);
                // The rename replaces a link at the target itself; it never writes through it.
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String firstLines(String output) {
        return String.join(" | ", output.lines().limit(3).toList());
    }
}

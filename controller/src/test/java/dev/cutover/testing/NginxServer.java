package dev.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real nginx for one test: the project's own nginx.conf and nginx/local.conf, under a
 * private prefix, on the test's own loopback ports.
 */
public final class NginxServer implements AutoCloseable {
    private final Path prefix;
    private final int sitePort;

    public NginxServer(Path prefix, int sitePort, String upstream) {
        this.prefix = prefix;
        this.sitePort = sitePort;
        try {
            for (String d : List.of("logs", "tmp", "cutover")) {
                Files.createDirectories(prefix.resolve(d));
            }
            Path root = Path.of("..").toAbsolutePath().normalize();
            Files.copy(root.resolve("ops/nginx/nginx.conf"), prefix.resolve("nginx.conf"));
            Files.writeString(prefix.resolve("site.conf"), Files.readString(root.resolve("nginx/local.conf"))
                    .replace("127.0.0.1:8080", "127.0.0.1:" + sitePort)
                    .replace("http://app;", "http://" + upstream + ";"));
            Files.copy(root.resolve("nginx/cutover-log-format.conf"), upstreamDir().resolve("cutover-log-format.conf"));
            // Until Cutover writes the first upstream, the site needs one to be valid.
            Files.writeString(upstreamDir().resolve(upstream + ".conf"), "upstream " + upstream + " { server 127.0.0.1:9; }\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitRepo.run(prefix, command());
        awaitWorkers();
    }

    /**
     * The nginx command returns when its daemon has forked, before that daemon has written its pid
     * file and started its workers: tests that watch the workers (a reload's confirmation) would
     * otherwise see none on their first switch.
     */
    private void awaitWorkers() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                long master = Long.parseLong(Files.readString(pidFile()).trim());
                boolean working = ProcessHandle.of(master).stream().flatMap(ProcessHandle::children)
                        .anyMatch(c -> title(c.pid()).startsWith("nginx: worker process"));
                if (working) {
                    return;
                }
            } catch (IOException | NumberFormatException e) {
                // not written yet
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while nginx started", e);
            }
        }
        throw new IllegalStateException("nginx under " + prefix + " started no worker within 10s: " + errorLog());
    }

    private static String title(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public Path upstreamDir() {
        return prefix.resolve("cutover");
    }

    /** The access log in Cutover's format that the site writes (nginx/local.conf). */
    public Path accessLog() {
        return prefix.resolve("logs/cutover-access.log");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + sitePort + path;
    }

    /** The nginx command line for this instance, followed by {@code extra} arguments. */
    public List<String> command(String... extra) {
        List<String> cmd = new ArrayList<>(List.of("nginx", "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-e", prefix.resolve("logs/error.log").toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Where this nginx writes its master's pid (ops/nginx/nginx.conf: {@code pid nginx.pid}). */
    public Path pidFile() {
        return prefix.resolve("nginx.pid");
    }

    /** PIDs of the worker processes: a reload replaces them, so unchanged PIDs mean no reload. */
    public String workerPids() {
        String master = read("nginx.pid").trim();
        return GitRepo.run(prefix, List.of("pgrep", "-P", master)).trim();
    }

    /** nginx's error log, for assertion messages. */
    public String errorLog() {
        return read("logs/error.log");
    }

    private String read(String file) {
        try {
            return Files.readString(prefix.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            GitRepo.run(prefix, command("-s", "quit"));
        } catch (RuntimeException e) {
            // already stopped
        }
    }
}

package dev.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker command line, for what a test does beside Cutover (a network, a second
 * container, {@code docker exec}, {@code docker inspect}): an argument list, never a shell
 * string, killed after a minute.
 */
public final class DockerCli {
    private static final long TIMEOUT_SECONDS = 60;

    private DockerCli() {
    }

    /** Runs {@code docker args…}; returns its output (stdout and stderr), or fails the test when it fails. */
    public static String run(String... args) {
        Result r = attempt(args);
        if (r.exit() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    /** Runs {@code docker args…} and returns the exit code and output, whatever they are (for clean-up and refusals). */
    public static Result attempt(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("docker-cli", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim());
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exit, String output) {
    }
}

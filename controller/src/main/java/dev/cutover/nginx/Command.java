package dev.cutover.nginx;

import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command given as an argument list (never through a shell), with a
 * timeout that holds: the output is read on a thread of its own while we wait, so a command
 * that hangs (or whose child keeps the output open) is killed, with its children, when the
 * time is up.
 */
final class Command {
    /** Output beyond this is read and dropped: a command cannot fill memory. */
    static final int MAX_OUTPUT = 64 * 1024;

    record Result(int exitCode, String output, boolean timedOut) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    static Result run(List<String> argv, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        } catch (IOException e) {
            return new Result(-1, "cannot run " + argv.get(0) + ": " + e.getMessage(), false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(p.getInputStream(), out), "command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Result(-1, argv.get(0) + " timed out after " + human(timeout) + " and was killed", true);
            }
            // The process is gone; its children may still hold the pipe, so do not wait for them long.
            reader.join(200);
            synchronized (out) {
                return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8).strip(), false);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", false);
        }
    }

    /** Kills the command and every process it started, so nothing it spawned outlives the timeout. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    int room = MAX_OUTPUT - out.size();
                    out.write(buf, 0, Math.max(0, Math.min(n, room)));
                }
            }
        } catch (IOException e) {
            // the process was killed or closed its output: what was read is what we have
        }
    }

    private static File nullDevice() {
        return new File("/dev/null");
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private Command() {
    }
}

package dev.cutover.nginx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * nginx's worker processes at one moment, found through the master's pid file and /proc. On a
 * reload the master starts a new generation of workers, then tells the old ones to shut down;
 * an old worker that gets the message retitles itself "worker process is shutting down" and
 * closes its listening sockets in the same step, before it accepts again (nginx's
 * src/os/unix/ngx_process_cycle.c). So once every process of the generation seen before the
 * reload is gone, exited, or so titled, only workers with the new configuration accept
 * connections, and one answer through nginx proves where it routes.
 */
final class WorkerGeneration {
    static final String MASTER_TITLE = "nginx: master process";
    static final String WORKER_TITLE = "nginx: worker process";
    static final String SHUTTING_DOWN_TITLE = "nginx: worker process is shutting down";

    private final List<ProcessHandle> processes;

    private WorkerGeneration(List<ProcessHandle> processes) {
        this.processes = processes;
    }

    /**
     * The master's children now; empty when the pid file or /proc cannot be read, or the pid
     * is not an nginx master with a worker (then the caller cannot know when a reload took).
     */
    static Optional<WorkerGeneration> of(Path pidFile) {
        try {
            long master = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            if (!title(master).filter(WorkerGeneration::isMaster).isPresent()) {
                return Optional.empty();
            }
            List<ProcessHandle> children = ProcessHandle.of(master).map(m -> m.children().toList()).orElse(List.of());
            boolean hasWorker = children.stream().anyMatch(c -> title(c.pid()).filter(WorkerGeneration::isWorker).isPresent());
            return hasWorker ? Optional.of(new WorkerGeneration(children)) : Optional.empty();
        } catch (IOException | NumberFormatException | SecurityException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** True once none of these processes can accept a connection any more. */
    boolean retired() {
        // isAlive also compares the start time, so a pid reused by a new process counts as gone.
        return processes.stream().allMatch(p -> !p.isAlive() || retired(title(p.pid())));
    }

    /**
     * Whether a process with this title (empty: gone) no longer accepts: it is gone, has exited
     * and waits to be reaped (an empty title: its memory, argv included, is released), or is a
     * worker shutting down.
     */
    static boolean retired(Optional<String> title) {
        return title.isEmpty() || title.get().isEmpty() || title.get().startsWith(SHUTTING_DOWN_TITLE);
    }

    static boolean isMaster(String title) {
        return title.startsWith(MASTER_TITLE);
    }

    static boolean isWorker(String title) {
        return title.startsWith(WORKER_TITLE);
    }

    /** A process's title as ps shows it: /proc/PID/cmdline, its NUL separators as spaces, trailing ones dropped. */
    static String title(byte[] cmdline) {
        int end = cmdline.length;
        while (end > 0 && cmdline[end - 1] == 0) {
            end--;
        }
        return new String(cmdline, 0, end, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static Optional<String> title(long pid) {
        try {
            return Optional.of(title(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            // Not ours to read: never taken for gone.
            return Optional.of("(unreadable)");
        } catch (IOException e) {
            // ESRCH while reading: the process went away between open and read.
            return Optional.empty();
        }
    }
}

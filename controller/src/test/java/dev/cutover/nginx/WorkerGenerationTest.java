package dev.cutover.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerGenerationTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> titles() {
        return Stream.of(
                // what /proc/PID/cmdline holds -> the title, retired?, a worker?
                Arguments.of("nginx: worker process\0\0\0\0", "nginx: worker process", false, true),
                Arguments.of("nginx: worker process is shutting down\0\0", "nginx: worker process is shutting down", true, true),
                Arguments.of("nginx: master process nginx -p /x -c /x/nginx.conf\0", "nginx: master process nginx -p /x -c /x/nginx.conf", false, false),
                Arguments.of("", "", true, false),
                Arguments.of("\0\0", "", true, false),
                Arguments.of("nginx: cache manager process\0", "nginx: cache manager process", false, false),
                Arguments.of("sleep\0" + "300\0", "sleep 300", false, false));
    }

    @ParameterizedTest(name = "{1}: retired {2}, worker {3}")
    @MethodSource("titles")
    void aProcessHasRetiredOnlyWhenItIsGoneHasExitedOrIsAWorkerShuttingDown(String cmdline, String title,
                                                                            boolean retired, boolean worker) {
        String read = WorkerGeneration.title(cmdline.getBytes(StandardCharsets.UTF_8));
        assertEquals(title, read);
        assertEquals(retired, WorkerGeneration.retired(Optional.of(read)), read);
        assertEquals(worker, WorkerGeneration.isWorker(read), read);
    }

    @Test
    void aProcessThatIsGoneHasRetired() {
        assertTrue(WorkerGeneration.retired(Optional.empty()));
    }

    @Test
    void onlyAnNginxMasterTitleIsAMaster() {
        assertTrue(WorkerGeneration.isMaster("nginx: master process /usr/sbin/nginx -g daemon on;"));
        assertEquals(false, WorkerGeneration.isMaster("nginx: worker process"));
        assertEquals(false, WorkerGeneration.isMaster("java -jar cutover.jar"));
    }

    @Test
    void aMissingUnreadableOrForeignPidFileGivesNoGenerationToWatch() throws Exception {
        assertTrue(WorkerGeneration.of(tmp.resolve("absent.pid")).isEmpty());
        Files.writeString(tmp.resolve("garbage.pid"), "not a pid\n");
        assertTrue(WorkerGeneration.of(tmp.resolve("garbage.pid")).isEmpty());
        // A live process that is not an nginx master (this JVM): never watched as if it were.
        Files.writeString(tmp.resolve("jvm.pid"), ProcessHandle.current().pid() + "\n");
        assertTrue(WorkerGeneration.of(tmp.resolve("jvm.pid")).isEmpty());
        Files.writeString(tmp.resolve("gone.pid"), "2147483646\n");
        assertTrue(WorkerGeneration.of(tmp.resolve("gone.pid")).isEmpty());
    }
}

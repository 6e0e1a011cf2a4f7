package dev.cutover.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {
    @Test
    void aCommandThatSucceedsReportsItsOutputAndExitCode() {
        Command.Result r = Command.run(List.of("sh", "-c", "echo fine; exit 0"), Duration.ofSeconds(5));
        assertTrue(r.ok());
        assertEquals("fine", r.output());
    }

    @Test
    void aFailingCommandIsNotOk() {
        Command.Result r = Command.run(List.of("sh", "-c", "echo broken >&2; exit 3"), Duration.ofSeconds(5));
        assertFalse(r.ok());
        assertEquals(3, r.exitCode());
        assertEquals("broken", r.output());
    }

    @Test
    void aHungCommandIsKilledAtItsTimeoutEvenWhileItsOutputStaysOpen() {
        long start = System.nanoTime();
        Command.Result r = Command.run(List.of("sh", "-c", "echo started; sleep 60"), Duration.ofMillis(500));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertTrue(tookMs < 5000, "returned after " + tookMs + " ms");
    }

    @Test
    void theChildrenOfATimedOutCommandDieWithIt(@TempDir Path tmp) throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Command.Result r = Command.run(List.of("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait"), Duration.ofMillis(500));
        assertTrue(r.timedOut());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child outlived the timeout");
    }

    @Test
    void aCommandWhoseChildKeepsTheOutputOpenReturnsWhenTheCommandExits() {
        long start = System.nanoTime();
        Command.Result r = Command.run(List.of("sh", "-c", "sleep 3 & echo done"), Duration.ofSeconds(10));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.ok());
        assertTrue(tookMs < 3000, "returned after " + tookMs + " ms");
    }

    @Test
    void outputIsBounded() {
        Command.Result r = Command.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(10));
        assertTrue(r.ok());
        assertTrue(r.output().length() <= Command.MAX_OUTPUT);
    }

    @Test
    void aMissingProgramIsReportedNotThrown() {
        Command.Result r = Command.run(List.of("/nonexistent/nginx", "-t"), Duration.ofSeconds(1));
        assertFalse(r.ok());
        assertTrue(r.output().startsWith("cannot run /nonexistent/nginx"), r.output());
    }
}

package dev.cutover.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocks of ten loopback ports for one test stage each. Test JVMs run side by side, so a
 * block is claimed with an exclusive lock on a file of its own (held until this JVM exits;
 * the kernel releases it even on a crash), and skipped when anything already listens on one
 * of its ports (a leftover of an earlier, aborted run).
 */
public final class PortBlocks {
    static final int SIZE = 10;
    private static final int FIRST = 14000;
    private static final int LAST = 24000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "cutover-test-ports");
    /** Held for the JVM's life: closing a channel would release its lock. */
    private static final List<FileChannel> HELD = new ArrayList<>();
    private static int next = FIRST + (int) (ProcessHandle.current().pid() % 100) * SIZE;

    private PortBlocks() {
    }

    public static synchronized int claim() {
        for (int tries = 0; tries < (LAST - FIRST) / SIZE; tries++) {
            int base = next;
            next = next + SIZE >= LAST ? FIRST : next + SIZE;
            if (lock(base) && free(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of " + SIZE + " loopback ports in " + FIRST + "-" + LAST);
    }

    private static boolean lock(int base) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel ch = FileChannel.open(LOCKS.resolve(base + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return false;
            }
            HELD.add(ch);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean free(int base) {
        for (int port = base; port < base + SIZE; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}

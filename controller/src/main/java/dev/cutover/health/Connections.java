package dev.cutover.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts the TCP connections a container is serving, read from its network namespace
 * ({@code /proc/PID/net/tcp} and {@code tcp6}): established or half-open connections whose
 * local port is the app's port. This is how a drain knows the old colour is idle.
 */
public final class Connections {
    private static final String ESTABLISHED = "01";
    private static final String SYN_RECV = "03";

    private Connections() {
    }

    public static int serving(long pid, int port) throws IOException {
        int count = 0;
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            count += count(Files.readAllLines(file), port);
        }
        return count;
    }

    /** Counts rows of a /proc/net/tcp table serving {@code port}; pure, for tests. */
    static int count(List<String> rows, int port) {
        String hexPort = String.format(":%04X", port);
        int count = 0;
        for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            String[] f = row.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(hexPort) && (f[3].equals(ESTABLISHED) || f[3].equals(SYN_RECV))) {
                count++;
            }
        }
        return count;
    }
}

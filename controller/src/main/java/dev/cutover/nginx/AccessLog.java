package dev.cutover.nginx;

import dev.cutover.traffic.Request;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The access log nginx writes in Cutover's format, followed as it grows: what real requests
 * got during a bake, and what a deploy cost. A rotated or truncated file is followed from
 * its start. Lines in another format are skipped.
 */
public final class AccessLog {
    /** The name the user's {@code access_log} line refers to. */
    public static final String FORMAT_NAME = "cutover";
    /**
     * What Cutover writes to {@code <upstreamDir>/cutover-log-format.conf}: fields separated by
     * {@code |}, none of them written by a client (no URI, no header), so a request cannot forge a line.
     */
    public static final String FORMAT_FILE = """
            # Managed by Cutover: the access log format its bakes read. Use it in a location that
            # proxies to a Cutover upstream:   access_log /var/log/nginx/cutover-access.log cutover;
            log_format cutover 'v1|$msec|$proxy_host|$status|$upstream_addr|$upstream_status|$upstream_response_time';
            """;
    public static final String FORMAT_FILE_NAME = "cutover-log-format.conf";
    /** Most bytes read in one poll: a burst beyond it is read on the next poll. */
    private static final int MAX_READ = 8 << 20;

    private final Path path;
    private long position;
    private Object fileKey;
    private String partial = "";

    private AccessLog(Path path, long position, Object fileKey) {
        this.path = path;
        this.position = position;
        this.fileKey = fileKey;
    }

    /**
     * Starts following {@code path}, {@code lookback} bytes before its end so the first
     * {@link #readNew()} also returns what came just before (the old colour's yardstick).
     * Empty when the file does not exist.
     */
    public static Optional<AccessLog> open(Path path, long lookback) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            AccessLog log = new AccessLog(path, Math.max(0, a.size() - lookback), a.fileKey());
            if (log.position > 0) {
                log.partial = null; // the first line read is cut: drop it
            }
            return Optional.of(log);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    /** The requests logged since the last call. */
    public List<Request> readNew() {
        List<Request> out = new ArrayList<>();
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!Objects.equals(a.fileKey(), fileKey) || a.size() < position) {
                // Rotated (a new file) or truncated: the new content starts at 0.
                fileKey = a.fileKey();
                position = 0;
                partial = "";
            }
            if (a.size() == position) {
                return out;
            }
            byte[] bytes;
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
                f.seek(position);
                bytes = new byte[(int) Math.min(MAX_READ, a.size() - position)];
                f.readFully(bytes);
            }
            position += bytes.length;
            String text = new String(bytes, StandardCharsets.UTF_8);
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                String line = text.substring(start, nl);
                start = nl + 1;
                if (partial == null) {
                    partial = "";
                    continue;
                }
                parse(partial + line).ifPresent(out::add);
                partial = "";
            }
            if (partial != null) {
                partial += text.substring(start);
            }
        } catch (IOException e) {
            // Gone for a moment (mid-rotation): the next poll looks again.
        }
        return out;
    }

    /** One line in Cutover's format, or empty when it is not one. */
    static Optional<Request> parse(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 7 || !f[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            long ended = Math.round(Double.parseDouble(f[1]) * 1000);
            int status = Integer.parseInt(f[3]);
            String[] addrs = parts(f[4]);
            String[] statuses = parts(f[5]);
            String[] times = parts(f[6]);
            List<Request.Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < addrs.length; i++) {
                if (addrs[i].isEmpty() || addrs[i].equals("-")) {
                    continue;
                }
                attempts.add(new Request.Attempt(addrs[i], number(statuses, i), millis(times, i)));
            }
            return Optional.of(new Request(ended, f[2], status, attempts));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** nginx separates servers tried with ", " and internal redirects with " : ". */
    private static String[] parts(String field) {
        return field.trim().split("\\s*[,:]\\s+|\\s+:\\s*");
    }

    private static int number(String[] values, int i) {
        if (i >= values.length) {
            return 0;
        }
        try {
            return Integer.parseInt(values[i].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long millis(String[] values, int i) {
        if (i >= values.length) {
            return -1;
        }
        try {
            return Math.round(Double.parseDouble(values[i].trim()) * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

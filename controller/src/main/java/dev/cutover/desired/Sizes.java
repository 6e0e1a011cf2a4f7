package dev.cutover.desired;

import dev.cutover.yaml.Fields;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code memory}, {@code cpus} and tmpfs sizes: amounts with a unit, within bounds the engine accepts. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})([kmg])b?");
    private static final Pattern CPUS = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,3})?");
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;
    /** Docker refuses a memory limit below 6 MiB. */
    static final long MEMORY_MIN = 6 * MIB;
    static final long MEMORY_MAX = 1024 * GIB;
    static final long TMPFS_MIN = MIB;
    static final long TMPFS_MAX = 16 * GIB;
    static final BigDecimal CPUS_MIN = new BigDecimal("0.01");
    static final BigDecimal CPUS_MAX = new BigDecimal("1024");

    private Sizes() {
    }

    /** Bytes of {@code 512m}, {@code 1g}, {@code 64k} (case and a trailing b ignored), or -1 when malformed or out of bounds. */
    static long parse(String text, long min, long max) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long unit = switch (m.group(2)) {
            case "k" -> KIB;
            case "m" -> MIB;
            default -> GIB;
        };
        long bytes = Long.parseLong(m.group(1)) * unit;
        return bytes < min || bytes > max ? -1 : bytes;
    }

    /** The memory limit in bytes; 0 (no limit) when absent or wrong. */
    static long memory(Fields f) {
        return f.string("memory", false).map(text -> {
            long bytes = parse(text, MEMORY_MIN, MEMORY_MAX);
            if (bytes < 0) {
                f.problem(f.node("memory").get(), "memory", "expected an amount with a unit between 6m and 1024g"
                        + " (like 512m or 2g), found '" + Names.printable(text) + "'");
                return 0L;
            }
            return bytes;
        }).orElse(0L);
    }

    /** The CPU limit in billionths of a CPU; 0 (no limit) when absent or wrong. */
    static long nanoCpus(Fields f) {
        return f.string("cpus", false).map(text -> {
            BigDecimal cpus = CPUS.matcher(text).matches() ? new BigDecimal(text) : null;
            if (cpus == null || cpus.compareTo(CPUS_MIN) < 0 || cpus.compareTo(CPUS_MAX) > 0) {
                f.problem(f.node("cpus").get(), "cpus", "expected a number of CPUs between 0.01 and 1024 (like 0.5 or 2),"
                        + " found '" + Names.printable(text) + "'");
                return 0L;
            }
            return cpus.movePointRight(9).longValueExact();
        }).orElse(0L);
    }
}

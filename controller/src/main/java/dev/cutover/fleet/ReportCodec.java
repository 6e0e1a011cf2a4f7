package dev.cutover.fleet;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Excerpt;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A server report as text, one line per fact: small, diffable with {@code git show}, and read
 * back strictly. Reports come from other servers through the git host, so reading one trusts
 * nothing: it is bounded in size, every value is checked against what it may be, and a report
 * that fails any check is dropped whole (with a reason) rather than half-believed.
 */
public final class ReportCodec {
    public static final int MAX_BYTES = 16 * 1024;
    static final int MAX_APPS = 100;
    static final int MAX_WHY = 200;
    private static final String MAGIC = "cutover-status 1";
    private static final Pattern NAME = Names.NAME;
    private static final Pattern TAG = Names.TAG;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|-");
    private static final Pattern HASH = Pattern.compile("[0-9a-zA-Z]{1,64}");

    private ReportCodec() {
    }

    public static String write(ServerReport r) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n')
                .append("server ").append(r.server()).append('\n')
                .append("at ").append(r.at()).append('\n')
                .append("revision ").append(r.revision().isEmpty() ? "-" : r.revision()).append('\n');
        for (AppReport a : r.apps()) {
            b.append("app ").append(a.app())
                    .append(" tag=").append(a.tag().orElse("-"))
                    .append(" state=").append(a.state().label())
                    .append(" target=").append(a.target().isEmpty() ? "-" : a.target())
                    .append(" since=").append(a.since().map(Instant::toString).orElse("-"))
                    .append(" wave=").append(a.wave())
                    .append(" pinned=").append(a.pinned())
                    .append(" failed=").append(a.failedTag().orElse("-"))
                    .append(" failedspec=").append(a.failedSpec().orElse("-"))
                    .append(" why=").append(URLEncoder.encode(shorten(a.why()), StandardCharsets.UTF_8))
                    .append('\n');
        }
        return b.toString();
    }

    /** What a report failed to be; {@code ServerReport} when it is one. */
    public sealed interface Read permits Valid, Invalid {
    }

    public record Valid(ServerReport report) implements Read {
    }

    public record Invalid(String why) implements Read {
    }

    /**
     * Reads a report published under {@code refs/cutover/status/<expectedServer>}: a report that
     * names another server is refused (one server cannot speak for another by writing its name).
     */
    public static Read read(byte[] bytes, String expectedServer) {
        if (bytes.length > MAX_BYTES) {
            return new Invalid("larger than " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[0].equals(MAGIC)) {
            return new Invalid("not a Cutover status report (first line is not '" + MAGIC + "')");
        }
        try {
            String server = field(lines[1], "server", NAME);
            if (!server.equals(expectedServer)) {
                return new Invalid("it names server " + server + ", not " + expectedServer);
            }
            Instant at = instant(field(lines[2], "at", Pattern.compile("\\S{1,40}")));
            String revision = field(lines[3], "revision", SHA);
            List<AppReport> apps = new ArrayList<>();
            for (int i = 4; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                if (apps.size() == MAX_APPS) {
                    return new Invalid("more than " + MAX_APPS + " apps");
                }
                apps.add(app(lines[i], i + 1));
            }
            return new Valid(new ServerReport(server, at, revision.equals("-") ? "" : revision, apps));
        } catch (IllegalArgumentException | DateTimeException e) {
            return new Invalid(e.getMessage());
        }
    }

    private static AppReport app(String line, int number) {
        String[] parts = line.split(" ");
        if (parts.length != 11 || !parts[0].equals("app") || !NAME.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("line " + number + ": not an app line");
        }
        Map<String, String> kv = new HashMap<>();
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 1 || kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1)) != null) {
                throw new IllegalArgumentException("line " + number + ": not key=value, or a key twice");
            }
        }
        String state = value(kv, "state", Pattern.compile("[a-z]{1,12}"), number);
        AppReport.State s;
        try {
            s = AppReport.State.valueOf(state.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + ": unknown state");
        }
        String since = value(kv, "since", Pattern.compile("-|\\S{1,40}"), number);
        String wave = value(kv, "wave", Pattern.compile("[0-9]{1,3}"), number);
        String why = URLDecoder.decode(value(kv, "why", Pattern.compile("[A-Za-z0-9%+._*-]{0," + MAX_WHY * 12 + "}"), number),
                StandardCharsets.UTF_8);
        return new AppReport(parts[1], optional(value(kv, "tag", TAG, number)), s, dash(value(kv, "target", TAG, number)),
                since.equals("-") ? Optional.empty() : Optional.of(instant(since)), Integer.parseInt(wave),
                Boolean.parseBoolean(value(kv, "pinned", Pattern.compile("true|false"), number)),
                optional(value(kv, "failed", TAG, number)), optional(value(kv, "failedspec", HASH, number)), shorten(why));
    }

    private static String value(Map<String, String> kv, String key, Pattern allowed, int line) {
        String v = kv.get(key);
        if (v == null || !(v.equals("-") || allowed.matcher(v).matches())) {
            throw new IllegalArgumentException("line " + line + ": " + key + " is missing or not valid");
        }
        return v;
    }

    private static Optional<String> optional(String v) {
        return v.equals("-") ? Optional.empty() : Optional.of(v);
    }

    private static String dash(String v) {
        return v.equals("-") ? "" : v;
    }

    private static String field(String line, String key, Pattern allowed) {
        if (!line.startsWith(key + " ") || !allowed.matcher(line.substring(key.length() + 1)).matches()) {
            throw new IllegalArgumentException(key + " is missing or not valid");
        }
        return line.substring(key.length() + 1);
    }

    private static Instant instant(String s) {
        return Instant.parse(s);
    }

    /**
     * One line, printable, at most {@link #MAX_WHY} characters: a reason for people, never a dump.
     * Line breaks and other C0 controls become spaces; whatever else could move a terminal's
     * cursor or reorder text (C1 controls, bidi overrides, zero-width characters) is escaped as
     * every quoted value is, since another server's report is printed by {@code cutover fleet}
     * and quoted in this server's log.
     */
    static String shorten(String s) {
        String one = Excerpt.of(s.replaceAll("[\\p{Cntrl}]", " "), Integer.MAX_VALUE);
        return one.length() <= MAX_WHY ? one : one.substring(0, MAX_WHY - 1) + "…";
    }
}

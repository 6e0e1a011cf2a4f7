package dev.cutover.fleet;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Other servers' reports with their times as this server can vouch for them. A report's
 * {@code at} and {@code since} are written by another machine's clock: one running ahead (or
 * a report written to look fresh) would keep a stopped server "heard from" for ever, so that
 * its wave's {@code serverTimeout} never fired, and would shorten nobody's wait but its own.
 * So a report counts as heard when this server saw it change, by its own clock: the first
 * time, at the report's own time if that is not in the future; after that, at the pass that
 * saw a new report. A {@code since} is never later than the time the report counts as heard.
 * A clock running behind is believed (it can only make that server look silent sooner, or
 * baked longer): the serverTimeout and waveBake are meant to be minutes, far above a skew
 * that NTP leaves.
 */
public final class HeardReports {
    /** Each server's report time as it wrote it, and when this server counts it heard. */
    private record Seen(Instant written, Instant heard) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    /** The reports of this pass, with their times as heard at {@code now}. */
    public Map<String, ServerReport> asHeard(Map<String, ServerReport> reports, Instant now) {
        seen.keySet().retainAll(reports.keySet());
        Map<String, ServerReport> out = new HashMap<>();
        reports.forEach((server, r) -> {
            Seen last = seen.get(server);
            if (last == null || !last.written().equals(r.at())) {
                last = new Seen(r.at(), last == null && !r.at().isAfter(now) ? r.at() : now);
                seen.put(server, last);
            }
            Instant heard = last.heard();
            out.put(server, new ServerReport(server, heard, r.revision(),
                    r.apps().stream().map(a -> notAfter(a, heard)).toList()));
        });
        return out;
    }

    private static AppReport notAfter(AppReport a, Instant heard) {
        Optional<Instant> since = a.since().map(s -> s.isAfter(heard) ? heard : s);
        return new AppReport(a.app(), a.tag(), a.state(), a.target(), since, a.wave(), a.pinned(), a.failedTag(),
                a.failedSpec(), a.why());
    }
}

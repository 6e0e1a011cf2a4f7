package dev.cutover.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Other servers' reports with their times as this server can vouch for them. A report's
 * {@code at} and {@code since} are written by another machine's clock: one running ahead (or
 * a report written to look fresh) would keep a stopped server "heard from" for ever, so that
 * its wave's {@code serverTimeout} never fired; one running behind would date its
 * "converged since" back and cut the {@code waveBake} of every later wave short.
 *
 * <p>So a report counts as heard when this server saw it change, by its own clock: the first
 * time, at the report's own time if that is not in the future; after that, at the pass that
 * saw a new report. And a {@code since} is read as what another clock can say truthfully, a
 * length of time: the report says it had served its tag for {@code at - since} when it was
 * written, and it was written no later than the pass that first saw it, so it counts as
 * converged since that pass minus that length. Whatever the other clock's offset, it cancels
 * out; a bake is never counted longer than it was, and at most one pass interval shorter (a
 * heartbeat, for a report first seen after this server started).
 */
public final class HeardReports {
    /** Each server's report time as it wrote it, when this server counts it heard, and the pass that first saw it. */
    private record Seen(Instant written, Instant heard, Instant firstSeen) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    /** The reports of this pass, with their times as heard at {@code now}. */
    public Map<String, ServerReport> asHeard(Map<String, ServerReport> reports, Instant now) {
        seen.keySet().retainAll(reports.keySet());
        Map<String, ServerReport> out = new HashMap<>();
        reports.forEach((server, r) -> {
            Seen last = seen.get(server);
            if (last == null || !last.written().equals(r.at())) {
                last = new Seen(r.at(), last == null && !r.at().isAfter(now) ? r.at() : now, now);
                seen.put(server, last);
            }
            Seen vouched = last;
            out.put(server, new ServerReport(server, vouched.heard(), r.revision(),
                    r.apps().stream().map(a -> sinceBy(a, vouched)).toList()));
        });
        return out;
    }

    /** The report's "converged since", as a length of time before it was written, counted back from when it was first seen. */
    private static AppReport sinceBy(AppReport a, Seen s) {
        Optional<Instant> since = a.since().map(stated -> {
            Duration served = Duration.between(stated, s.written());
            return served.isNegative() ? s.firstSeen() : s.firstSeen().minus(served);
        });
        return new AppReport(a.app(), a.tag(), a.state(), a.target(), since, a.wave(), a.pinned(), a.failedTag(),
                a.failedSpec(), a.why());
    }
}

package dev.cutover.reconcile;

import dev.cutover.config.HostConfig;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.RolloutPlace;
import dev.cutover.fleet.AppReport;
import dev.cutover.fleet.GateDecision;
import dev.cutover.fleet.HeardReports;
import dev.cutover.fleet.ReportCodec;
import dev.cutover.fleet.RolloutGate;
import dev.cutover.fleet.ServerReport;
import dev.cutover.git.DesiredSource;
import dev.cutover.git.GitException;
import dev.cutover.docker.ManagedContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * This server's part in rollouts across servers: before a pass acts, which of its apps a
 * rollout holds back (an earlier wave has not served the tag long enough, or some server
 * failed it); after, what it publishes about itself for the others. The coordination medium
 * is the git host: reports come in with the fetch every pass already does, and go out to
 * {@code refs/cutover/status/<server>}.
 *
 * <p>Only while a rollout names this server, and only with {@code fleet.publish} on. A git
 * host that refuses the status ref twice in a row turns coordination off for this server, said
 * once: it then acts alone, as a server outside any rollout does. One refusal alone is asked
 * again at the next pass: a ref the host had locked for a moment (its own gc packing refs, say)
 * is refused like a rule is, and only a rule says no every time.
 */
final class Rollouts {
    /** A host that refused the status ref is asked again this rarely, in case its rules changed. */
    static final Duration REFUSED_RETRY = Duration.ofMinutes(10);

    private final HostConfig config;
    private final DesiredSource source;
    private final PassListener listener;
    /** When this server first saw each rollout's tag ("app tag"): a silent server's timeout counts from here. */
    private final Map<String, Instant> firstSeen = new HashMap<>();
    /** Since when each app serves its tag converged ("app tag"), as the report says. */
    private final Map<String, Instant> convergedSince = new HashMap<>();
    /** Other servers' report times as this server's clock vouches for them. */
    private final HeardReports heard = new HeardReports();
    private ServerReport lastPublished;
    private Instant lastPublishedAt = Instant.EPOCH;
    private Optional<Instant> refusedAt = Optional.empty();
    /** Refusals since the last push that went through: the second in a row turns coordination off. */
    private int refusalsInARow;
    private boolean ownReportRead;

    Rollouts(HostConfig config, DesiredSource source, PassListener listener) {
        this.config = config;
        this.source = source;
        this.listener = listener;
    }

    private boolean active(DesiredState state) {
        return config.fleet().publish() && !state.rollouts().isEmpty()
                && refusedAt.map(t -> Instant.now().isAfter(t.plus(REFUSED_RETRY))).orElse(true);
    }

    /**
     * The apps a rollout holds back in this pass, with why. Reads every server's report from
     * the last fetch; the first time, this server's own earlier report gives back what a
     * restart forgot: a tag that failed here stays stalled, and a bake's start stays put.
     */
    Map<String, GateDecision> holds(DesiredState state, Map<String, ActualApp> actual, ConcurrentMap<String, String> stalled) {
        if (!active(state)) {
            return Map.of();
        }
        Map<String, ServerReport> reports = readReports();
        Instant now = Instant.now();
        if (!ownReportRead) {
            ownReportRead = true;
            Optional.ofNullable(reports.get(config.server())).ifPresent(own -> remember(own, stalled));
        }
        reports = heard.asHeard(reports, now);
        Map<String, GateDecision> held = new HashMap<>();
        for (RolloutPlace place : state.rollouts()) {
            String app = place.app();
            Instant seen = firstSeen.computeIfAbsent(app + " " + place.rollout().tag(), k -> now);
            GateDecision d = RolloutGate.decide(place.rollout(), config.server(), place.wave(), place.pinned(),
                    Optional.ofNullable(actual.get(app)).flatMap(ActualApp::liveRunning).map(ManagedContainer::tag), reports, seen, now);
            if (!(d instanceof GateDecision.Go)) {
                held.put(app, d);
            } else if (d instanceof GateDecision.Go go && !go.passedOver().isEmpty()) {
                listener.progress(app + ": " + d.why());
            }
        }
        return held;
    }

    /** What a restart forgets and this server's last report still says. */
    private void remember(ServerReport own, ConcurrentMap<String, String> stalled) {
        for (AppReport a : own.apps()) {
            a.failedSpec().ifPresent(spec -> stalled.putIfAbsent(a.app(), spec));
            if (a.state() == AppReport.State.CONVERGED && a.tag().isPresent() && a.since().isPresent()) {
                convergedSince.putIfAbsent(a.app() + " " + a.tag().get(), a.since().get());
            }
        }
    }

    private Map<String, ServerReport> readReports() {
        Map<String, ServerReport> out = new HashMap<>();
        try {
            source.statusReports(ReportCodec.MAX_BYTES).forEach((server, bytes) -> {
                if (ReportCodec.read(bytes, server) instanceof ReportCodec.Valid v) {
                    out.put(server, v.report());
                }
                // An unreadable report counts as none: that server is waited for, up to its timeout.
            });
        } catch (GitException e) {
            listener.progress("fleet: " + e.getMessage());
        }
        return out;
    }

    /**
     * Publishes this server's report when it changed, or when the heartbeat is due. A transient
     * failure is retried at the next pass; a refusal turns coordination off for a while.
     */
    void publish(DesiredState state, String revision, List<AppView> views, Map<String, GateDecision> holds,
                 ConcurrentMap<String, String> stalled) {
        if (!active(state)) {
            return;
        }
        Instant now = Instant.now();
        ServerReport report = new ServerReport(config.server(), now, revision,
                views.stream().map(v -> report(state, v, holds.get(v.app()), stalled, now)).toList());
        if (report.sameAs(lastPublished) && now.isBefore(lastPublishedAt.plus(config.fleet().heartbeat()))) {
            return;
        }
        try {
            source.publishStatus(ReportCodec.write(report));
            lastPublished = report;
            lastPublishedAt = now;
            refusalsInARow = 0;
            if (refusedAt.isPresent()) {
                refusedAt = Optional.empty();
                listener.progress("fleet: the git host accepts " + config.server() + "'s status ref again");
            }
        } catch (GitException e) {
            if (e.kind() != GitException.Kind.REJECTED) {
                listener.progress("fleet: " + e.getMessage() + "; retried at the next pass");
            } else if (++refusalsInARow < 2) {
                listener.progress("fleet: " + e.getMessage() + "; asked again at the next pass");
            } else {
                refusalsInARow = 0;
                refusedAt = Optional.of(now);
                listener.progress("fleet: " + e.getMessage() + "; this server acts alone, without waiting for other"
                        + " servers' waves, and asks again in " + REFUSED_RETRY.toMinutes() + "m");
            }
        }
    }

    private AppReport report(DesiredState state, AppView v, GateDecision hold, ConcurrentMap<String, String> stalled, Instant now) {
        String app = v.app();
        Optional<RolloutPlace> place = state.rollout(app);
        String target = v.desiredTag().orElse("");
        Optional<String> tag = v.liveRunning() ? v.runningTag() : Optional.empty();
        AppReport.State s;
        Optional<String> failedTag = Optional.empty();
        Optional<String> failedSpec = Optional.empty();
        String why = "";
        AppStatus.Reason reason = v.status().reason();
        if (reason == AppStatus.Reason.STALLED && !target.isEmpty()) {
            s = AppReport.State.FAILED;
            failedTag = Optional.of(target);
            failedSpec = Optional.ofNullable(stalled.get(app));
            why = v.status().message();
        } else if (hold instanceof GateDecision.Halted) {
            s = AppReport.State.HALTED;
            why = hold.why();
        } else if (hold instanceof GateDecision.Wait) {
            s = AppReport.State.WAITING;
            why = hold.why();
        } else if (!v.drift() && tag.isPresent()) {
            s = AppReport.State.CONVERGED;
        } else {
            s = AppReport.State.DEPLOYING;
            why = v.status().message();
        }
        Optional<Instant> since = Optional.empty();
        if (s == AppReport.State.CONVERGED || s == AppReport.State.WAITING || s == AppReport.State.HALTED) {
            // Converged on what it serves: a held app still serves its old tag, baked.
            since = tag.map(t -> convergedSince.computeIfAbsent(app + " " + t, k -> now));
        }
        return new AppReport(app, tag, s, target, since, place.map(RolloutPlace::wave).orElse(0),
                place.map(RolloutPlace::pinned).orElse(false), failedTag, failedSpec, why);
    }
}

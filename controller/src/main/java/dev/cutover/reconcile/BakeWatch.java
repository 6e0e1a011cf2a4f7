package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.common.Http;
import dev.cutover.common.Failpoints;
import dev.cutover.desired.Bake;
import dev.cutover.desired.BakeQuery;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.ContainerStatus;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.traffic.Baseline;
import dev.cutover.prometheus.PrometheusQueries;
import dev.cutover.traffic.QueryJudge;
import dev.cutover.traffic.TrafficJudge;
import dev.cutover.yaml.Excerpt;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Watches a new colour after the switch while the old one still runs as nginx's backup: its
 * container (exit, restart), its health path through nginx, and the real requests nginx
 * sent it. Ends with a verdict; flipping back is the applier's job.
 */
final class BakeWatch {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration HEALTH_EVERY = Duration.ofMillis(250);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** Health answers through nginx that must fail in a row (about 0.75 s) before the bake fails. */
    static final int HEALTH_FAILURES = 3;

    /** How a bake ended. */
    sealed interface Verdict {
        /** It lasted its duration, or someone promoted it: the old colour goes. */
        record Passed(String how, boolean promoted) implements Verdict {
        }

        /** The new colour failed (or someone aborted): flip back, saying why with the numbers. */
        record Failed(String reason) implements Verdict {
        }

        /** The daemon is stopping: the bake has no verdict; the next start bakes again. */
        record Interrupted() implements Verdict {
        }
    }

    private final ContainerEngine docker;
    private final TrafficRouter nginx;
    private final Bakes bakes;
    private final PassListener listener;
    private final BooleanSupplier stopping;
    private final Optional<PrometheusQueries> prometheus;
    private final String server;

    BakeWatch(ContainerEngine docker, TrafficRouter nginx, Bakes bakes, PassListener listener, BooleanSupplier stopping) {
        this(docker, nginx, bakes, listener, stopping, Optional.empty(), "");
    }

    /**
     * @param prometheus where an app's {@code bake.query} is asked (the host config's {@code prometheus.url})
     * @param server     this server's name, for the query's {@code $server}
     */
    BakeWatch(ContainerEngine docker, TrafficRouter nginx, Bakes bakes, PassListener listener, BooleanSupplier stopping,
              Optional<PrometheusQueries> prometheus, String server) {
        this.prometheus = prometheus;
        this.server = server;
        this.docker = docker;
        this.nginx = nginx;
        this.bakes = bakes;
        this.listener = listener;
        this.stopping = stopping;
    }

    /**
     * What is being judged: the new colour after the full switch (a bake), or at a canary
     * step's weight, when nginx's probe may be answered by either colour.
     *
     * @param what      "bake" or "canary step 10%", for reasons and progress lines
     * @param weighted  true during a canary step: a health answer from the old colour is not held against the new one
     */
    record Subject(DesiredApp desired, Colour judged, List<String> containers, Duration duration, String what, boolean weighted) {
        Subject {
            containers = List.copyOf(containers);
        }
    }

    Verdict watch(Subject s, DeployTraffic traffic) {
        DesiredApp d = s.desired();
        Bake bake = d.spec().bake();
        String app = d.name();
        String live = s.judged().label();
        String old = s.judged().other().label();
        // Every replica of each colour: requests are judged by colour, whichever replica answered.
        List<String> liveAddresses = Plans.addresses(d, s.judged());
        Baseline before = traffic.baseline(Plans.addresses(d, s.judged().other()));
        Instant ends = Instant.now().plus(s.duration());
        String failedIts = live + " failed its " + s.what() + ": ";
        if (!traffic.readable()) {
            listener.progress(app + ": no access log to read (nginx.accessLog unset, or the file not readable): the bake judges"
                    + " the container and health path only");
        }
        Optional<BakeQuery> query = bake.query();
        long nextQuery = 0;
        String queryLine = "";
        long nextHealth = 0;
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        int healthFailures = 0;
        String lastHealth = "";
        // A restart the container went through before the bake (e.g. one the bake restarts after) is not held against it.
        Map<String, Integer> restartsBefore = new HashMap<>();
        s.containers().forEach(id -> restartsBefore.put(id, docker.status(id).restartCount()));
        try {
            while (true) {
                traffic.poll();
                TrafficJudge.Verdict judged = TrafficJudge.judge(traffic.window(bake.window()), d.spec().upstream(), liveAddresses,
                        before, bake, old);
                String numbers = traffic.readable() ? judged.numbers().line() : "traffic not read";
                if (query.isPresent() && System.nanoTime() >= nextQuery) {
                    nextQuery = System.nanoTime() + query.get().every().toNanos();
                    QueryJudge.Verdict q = ask(query.get(), app, live);
                    queryLine = q.line();
                    if (q.over().isPresent()) {
                        return new Verdict.Failed(failedIts + q.over().get() + " (query: " + Excerpt.of(query.get().render(app,
                                safeServer(), live), 160) + "); " + numbers);
                    }
                }
                numbers += queryLine.isEmpty() ? "" : "; " + queryLine;
                bakes.update(new Bakes.Progress(app, live + (s.weighted() ? " (" + s.what() + ")" : ""), old, ends, numbers, traffic.failedRequests().orElse(-1)));
                if (judged instanceof TrafficJudge.Verdict.Bad bad) {
                    return new Verdict.Failed(failedIts + bad.reason());
                }
                Optional<String> down = containerDown(s.containers(), restartsBefore);
                if (down.isPresent()) {
                    return new Verdict.Failed(failedIts + down.get() + "; " + numbers);
                }
                if (System.nanoTime() >= nextHealth) {
                    nextHealth = System.nanoTime() + HEALTH_EVERY.toNanos();
                    Optional<TrafficRouter.Probe> p = nginx.probe(app, d.spec().health().path());
                    boolean ok = p.isPresent() && p.get().status() / 100 == 2 && (s.weighted() || liveAddresses.contains(p.get().answeredBy()));
                    lastHealth = p.map(x -> "HTTP " + x.status() + " from " + (x.answeredBy().isEmpty() ? "nobody" : x.answeredBy()))
                            .orElse("no answer");
                    healthFailures = ok ? 0 : healthFailures + 1;
                    if (healthFailures >= HEALTH_FAILURES) {
                        return new Verdict.Failed(failedIts + "its health path through nginx failed "
                                + healthFailures + " times in a row (last: " + lastHealth + "); " + numbers);
                    }
                }
                Optional<Bakes.Ask> asked = bakes.take(app);
                if (asked.isPresent()) {
                    return asked.get() == Bakes.Ask.PROMOTE ? new Verdict.Passed("promoted; " + numbers, true)
                            : new Verdict.Failed("aborted by `cutover abort`; " + numbers);
                }
                if (!Instant.now().isBefore(ends)) {
                    return new Verdict.Passed("passed after " + s.duration().toSeconds() + "s; " + numbers, false);
                }
                if (stopping.getAsBoolean()) {
                    return new Verdict.Interrupted();
                }
                if (System.nanoTime() >= nextProgress) {
                    nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    listener.progress(app + ": " + s.what() + " of " + live + ", " + Duration.between(Instant.now(), ends).toSeconds()
                            + "s left: " + numbers);
                }
                Failpoints.reach(Failpoints.DURING_BAKE);
                Http.pause(POLL);
            }
        } finally {
            bakes.ended(app);
        }
    }

    /** Which of the live colour's containers (its replicas) exited or restarted since the bake began, if any. */
    private Optional<String> containerDown(List<String> containers, Map<String, Integer> restartsBefore) {
        for (int i = 0; i < containers.size(); i++) {
            ContainerStatus status = docker.status(containers.get(i));
            if (!status.running() || status.restarting() || status.restartCount() > restartsBefore.get(containers.get(i))) {
                return Optional.of((i == 0 ? "its container " : "one of its other replicas ") + (status.running() ? "restarted"
                        : "exited" + status.exitCode().map(c -> " with code " + c).orElse("")));
            }
        }
        return Optional.empty();
    }

    /** The second judge's verdict on one evaluation of the app's query; no Prometheus on this host is said, not failed. */
    private QueryJudge.Verdict ask(BakeQuery query, String app, String colour) {
        if (prometheus.isEmpty()) {
            return new QueryJudge.Verdict("query not asked: this host has no prometheus.url", Optional.empty());
        }
        return QueryJudge.judge(prometheus.get().query(query.render(app, safeServer(), colour)), query.max());
    }

    /** The server name for {@code $server}; tests that build a watch without one get a valid placeholder name. */
    private String safeServer() {
        return server.isEmpty() ? "server" : server;
    }
}

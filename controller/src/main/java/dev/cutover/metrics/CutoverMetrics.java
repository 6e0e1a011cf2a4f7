package dev.cutover.metrics;

import java.util.Arrays;
import dev.cutover.reconcile.FetchResult;
import dev.cutover.reconcile.DeployResult;
import dev.cutover.reconcile.AppStatus;
import dev.cutover.reconcile.AppView;
import dev.cutover.common.Colour;
import dev.cutover.reconcile.PassListener;
import dev.cutover.reconcile.PassResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import dev.cutover.reconcile.DeployReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cutover's Prometheus metrics (prefix {@code cutover_}). Labels stay at app level: tags,
 * colours and commits appear only on the {@code cutover_app_info} gauge, never on counters.
 * Every process also gets {@code server} as a label, and JVM and process metrics.
 */
public final class CutoverMetrics implements PassListener {
    private static final Duration[] PASS_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600);
    private static final Duration[] STAGE_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300);
    private static final Duration[] LEAD_BUCKETS = seconds(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge drift;
    private final MultiGauge info;
    private final MultiGauge wave;
    private final MultiGauge held;
    /** What the gauges were last registered from. */
    private List<AppView> lastObserved;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong paused = new AtomicLong();

    public CutoverMetrics(String server) {
        registry.config().commonTags("server", server)
                // Two built-in meters break Prometheus naming rules (promtool check metrics):
                // a "_count" suffix on a gauge, and a unit abbreviated as "ns".
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")
                        || id.getName().equals("process.cpu.time")));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        drift = MultiGauge.builder("cutover.drift").description("1 while what runs differs from what git says").register(registry);
        info = MultiGauge.builder("cutover.app.info").description("Desired tag, running tag and live colour per app (value 1)")
                .register(registry);
        wave = MultiGauge.builder("cutover.rollout.wave").description("This server's wave in each app's rollout across servers (0: in none)")
                .register(registry);
        held = MultiGauge.builder("cutover.rollout.held")
                .description("1 while a rollout holds the app back: waiting for earlier waves, or halted by a failure elsewhere")
                .register(registry);
        Gauge.builder("cutover.last.successful.pass.timestamp", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("Unix time of the last pass that ended converged or changed").register(registry);
        Gauge.builder("cutover.paused", paused, AtomicLong::get).description("1 while passes change nothing").register(registry);
        nginxFailures();
        for (String r : List.of("success", "failed", "invalid")) {
            Counter.builder("cutover.git.fetches").tag("result", r).description("Fetches of the desired-state repository")
                    .register(registry);
        }
        for (PassResult.Outcome o : PassResult.Outcome.values()) {
            passes(o);
        }
        // Series exist from the start, at zero, so rates and alerts see them before the first event.
        for (String r : List.of("accepted", "ignored", "unauthorized", "too_large", "malformed", "disabled")) {
            webhookCounter(r);
        }
        passDuration();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    public void passFinished(PassResult r) {
        passes(r.outcome()).increment();
        passDuration().record(r.duration());
        if (r.ok() && r.outcome() != PassResult.Outcome.PAUSED) {
            lastSuccess.set(System.currentTimeMillis() / 1000);
        }
    }

    public void paused(boolean value) {
        paused.set(value ? 1 : 0);
    }

    public void webhook(String result) {
        webhookCounter(result).increment();
    }

    private Counter webhookCounter(String result) {
        return Counter.builder("cutover.webhook.requests").tag("result", result)
                .description("GitHub webhook requests by result").register(registry);
    }

    private Counter deploys(String app, DeployResult result) {
        return Counter.builder("cutover.deploys").tags("app", app, "result", result.label()).description("Deploys by app and result")
                .register(registry);
    }

    @Override
    public void gitFetched(FetchResult result, Duration took) {
        Counter.builder("cutover.git.fetches").tag("result", result.label()).register(registry).increment();
        Timer.builder("cutover.git.fetch.duration").serviceLevelObjectives(STAGE_BUCKETS)
                .description("Time to fetch the desired-state repository").register(registry).record(took);
    }

    @Override
    public void deployFinished(DeployReport deploy) {
        String app = deploy.app();
        deploys(app, deploy.result()).increment();
        // Per deploy: _count deploys measured, _sum requests they cost; the le=0.5 bucket counts the
        // deploys that cost none (Micrometer takes only boundaries above 0).
        deploy.failedRequests().ifPresent(n -> DistributionSummary.builder("cutover.deploy.failed.requests").tag("app", app)
                .serviceLevelObjectives(0.5, 1, 10, 100, 1000, 10000)
                .description("Requests that failed (5xx) per deploy, from the switch to the end of the drain")
                .register(registry).record(n));
        deploy.stages().forEach((stage, took) -> Timer.builder("cutover.deploy.stage.duration").tags("app", app, "stage", stage)
                .serviceLevelObjectives(STAGE_BUCKETS).description("Duration of each deploy stage").register(registry)
                .record(took));
        deploy.leadTime().ifPresent(lead -> Timer.builder("cutover.lead.time").tag("app", app).serviceLevelObjectives(LEAD_BUCKETS)
                .description("From the commit's author time to the new version serving").register(registry).record(lead));
    }

    @Override
    public void nginxFailed(String app, String message) {
        nginxFailures().increment();
    }

    @Override
    public synchronized void appsObserved(List<AppView> apps) {
        // A pass that saw what the last one saw would register the very same rows again.
        if (apps.equals(lastObserved)) {
            return;
        }
        lastObserved = List.copyOf(apps);
        apps.forEach(a -> Arrays.stream(DeployResult.values()).forEach(r -> deploys(a.app(), r)));
        drift.register(apps.stream().map(a -> MultiGauge.Row.of(Tags.of("app", a.app()), a.drift() ? 1 : 0)).toList(), true);
        info.register(apps.stream().map(a -> MultiGauge.Row.of(Tags.of(
                "app", a.app(),
                "desired_tag", a.desiredTag().orElse("none"),
                "running_tag", a.runningTag().orElse("none"),
                "live_colour", a.liveColour().map(Colour::label).orElse("none")), 1)).toList(), true);
        // Every app has the rows, at 0 outside any rollout: panels and alerts see the series from the start.
        wave.register(apps.stream().map(a -> MultiGauge.Row.of(Tags.of("app", a.app()), a.wave())).toList(), true);
        held.register(apps.stream().flatMap(a -> java.util.stream.Stream.of(AppStatus.Reason.WAITING, AppStatus.Reason.HALTED)
                .map(r -> MultiGauge.Row.of(Tags.of("app", a.app(), "reason", r.label()), a.status().reason() == r ? 1 : 0)))
                .toList(), true);
    }

    private Counter nginxFailures() {
        return Counter.builder("cutover.nginx.reload.failures")
                .description("Switches nginx refused (config test, reload or confirmation failed)").register(registry);
    }

    private Counter passes(PassResult.Outcome o) {
        return Counter.builder("cutover.reconcile.passes").tag("result", o.name().toLowerCase())
                .description("Reconcile passes by result").register(registry);
    }

    private Timer passDuration() {
        return Timer.builder("cutover.reconcile.pass.duration").serviceLevelObjectives(PASS_BUCKETS)
                .description("Duration of reconcile passes").register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis((long) (values[i] * 1000));
        }
        return out;
    }
}

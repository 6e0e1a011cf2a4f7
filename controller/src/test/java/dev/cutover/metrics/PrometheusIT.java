package dev.cutover.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.common.Http;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.PrometheusProcess;
import dev.cutover.testing.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A real Prometheus (Debian's) scrapes a real daemon through a deploy; then every PromQL
 * expression in the Grafana dashboard and in the rules evaluates without error and returns
 * data, and promtool accepts the metrics and the rules' unit tests.
 */
class PrometheusIT {
    static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void theDashboardAndRulesReturnDataFromARealScrapeOfADeploy() throws Exception {
        try (Stage stage = new Stage(tmp, "prom")) {
            stage.desire("v1");
            try (DaemonProcess daemon = new DaemonProcess(stage.writeConfig(tmp, "2s", ""), stage.adminPort, tmp.resolve("daemon.log"))) {
                try (PrometheusProcess prometheus = new PrometheusProcess(tmp.resolve("prometheus"), stage.sparePort,
                        "127.0.0.1:" + stage.adminPort, Optional.of(OPS.resolve("prometheus/cutover-rules.yml")))) {
                    DaemonProcess.await(Duration.ofSeconds(30), "v1 to serve", () -> stage.serving().equals("v1"));
                    stage.desire("v2");
                    DaemonProcess.await(Duration.ofSeconds(30), "v2 to serve", () -> stage.serving().equals("v2"));
                    daemon.push("refs/heads/main", Stage.WEBHOOK_SECRET);
                    DaemonProcess.await(Duration.ofSeconds(30), "Prometheus to have scraped the deploy",
                            () -> !query(stage.sparePort, "cutover_deploys_total{result=\"success\"} > 1").isEmpty());
                    DaemonProcess.await(Duration.ofSeconds(30), "rules to be evaluated",
                            () -> !query(stage.sparePort, "cutover:seconds_since_good_pass").isEmpty());

                    // One scrape that overran its timeout on a loaded machine marks every series stale
                    // until the next good one, so the whole set is checked again until it holds (or 60 s).
                    List<String> failures = expressionsWithoutData(stage.sparePort);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!failures.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(2000);
                        failures = expressionsWithoutData(stage.sparePort);
                    }
                    assertEquals(List.of(), failures, () -> "up: " + query(stage.sparePort, "up") + ", Prometheus log: "
                            + prometheus.tail());

                    String scraped = daemon.get("/metrics").body();
                    Process check = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
                    check.getOutputStream().write(scraped.getBytes(StandardCharsets.UTF_8));
                    check.getOutputStream().close();
                    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(check.waitFor(30, TimeUnit.SECONDS));
                    assertEquals(0, check.exitValue(), out);
                    assertFalse(scraped.contains(Stage.SECRET_VALUE) || scraped.contains(Stage.ADMIN_TOKEN));
                }
            }
        }
    }

    @Test
    void theAlertRulesPassTheirPromtoolUnitTests() {
        String out = GitRepo.run(OPS.resolve("prometheus"), List.of("promtool", "test", "rules", "cutover-rules.test.yml"));
        assertTrue(out.contains("SUCCESS"), out);
        String config = GitRepo.run(OPS.resolve("prometheus"), List.of("promtool", "check", "config", "prometheus.yml"));
        assertTrue(config.contains("SUCCESS"), config);
    }

    private static List<String> expressionsWithoutData(int port) throws Exception {
        List<String> failures = new ArrayList<>();
        for (String expr : dashboardExpressions()) {
            check(port, expr, true, failures);
        }
        for (Map<String, Object> rule : rules()) {
            // Recording rules must return data; alert expressions must evaluate (they are empty until they fire).
            check(port, (String) rule.get("expr"), rule.containsKey("record"), failures);
        }
        return failures;
    }

    private static void check(int port, String expr, boolean needsData, List<String> failures) {
        try {
            List<JsonNode> result = query(port, expr);
            if (needsData && result.isEmpty()) {
                failures.add("no data: " + expr);
            }
        } catch (RuntimeException e) {
            failures.add(e.getMessage() + ": " + expr);
        }
    }

    static List<JsonNode> query(int port, String expr) {
        return PrometheusProcess.query(port, expr);
    }

    static List<String> dashboardExpressions() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(OPS.resolve("grafana/cutover-dashboard.json").toFile());
        List<String> exprs = new ArrayList<>();
        dash.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        assertTrue(exprs.size() >= 10, exprs.toString());
        return exprs;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() throws Exception {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(OPS.resolve("prometheus/cutover-rules.yml")));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }
}

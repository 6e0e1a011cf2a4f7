package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cutover.config.HostConfig;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.PrometheusProcess;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bake's second judge against a real Prometheus (Debian's): it scrapes a gauge this test
 * sets, the app's {@code bake.query} reads it, and a value above {@code bake.queryMax} flips
 * the deploy back.
 */
class BakeQueryIT extends StageTest {
    @Test
    void aBakeQueryUnderItsMaximumLetsTheDeployPassAndOneAboveItFlipsBackWithTheValue() throws Exception {
        AtomicReference<String> errors = new AtomicReference<>("1");
        HttpServer gauge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gauge.createContext("/metrics", x -> {
            byte[] body = ("# TYPE test_errors gauge\ntest_errors{app=\"bake-query\"} " + errors.get() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        gauge.start();
        try {
            int promPort = bootstrapPort();
            stage = new Stage(tmp, "bake-query", HostConfig.Allow.NONE, Optional.of(URI.create("http://127.0.0.1:" + promPort)));
            try (PrometheusProcess prometheus = new PrometheusProcess(tmp.resolve("prometheus"), promPort,
                    "127.0.0.1:" + gauge.getAddress().getPort(), Optional.empty())) {
                stage.desire("v1");
                assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
                stage.repo.write("desired-state/apps/" + stage.app + ".yaml", Stage.appYaml(stage.app, stage.bluePort, "up_bake_query")
                        .replace("bake: 0s", "bake: {duration: 4s, query: 'max(test_errors{app=\"$app\"})', queryMax: 5, queryEvery: 1s}"));
                DaemonProcess.await(Duration.ofSeconds(60), "Prometheus to have scraped the gauge",
                        () -> !prometheus.query("test_errors").isEmpty());

                stage.desire("v2");
                PassResult passed = stage.pass();
                String progress = String.join("\n", stage.progress);
                assertTrue(passed.ok(), passed + "\n" + progress);
                assertTrue(stage.progress.stream().anyMatch(l -> l.contains("bake passed after 4s") && l.contains("query 1, max 5")),
                        progress);
                assertEquals("v2", stage.serving());

                errors.set("12");
                DaemonProcess.await(Duration.ofSeconds(30), "Prometheus to see the new value",
                        () -> prometheus.query("test_errors > 5").size() == 1);
                stage.desire("v3");
                PassResult r = stage.pass();
                PassResult.AppResult app = r.apps().stream().filter(a -> a.app().equals(stage.app)).findFirst().orElseThrow();
                assertEquals(AppOutcome.FLIPPED_BACK, app.outcome(), app.detail() + "\n" + String.join("\n", stage.progress));
                assertTrue(app.detail().contains("its bake.query is 12 for {}, above bake.queryMax 5"
                        + " (query: max(test_errors{app=\"bake-query\"}))"), app.detail());
                assertEquals("v2", stage.serving());
            }
        } finally {
            gauge.stop(0);
        }
    }

    /** A free loopback port for Prometheus: the stage's own block is claimed when the stage is made, after the URL is needed. */
    private static int bootstrapPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

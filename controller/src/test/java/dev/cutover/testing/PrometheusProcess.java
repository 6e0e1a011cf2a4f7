package dev.cutover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.common.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's Prometheus, started for one test on a loopback port, scraping one target every second. */
public final class PrometheusProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    public final int port;

    /**
     * @param target host:port whose /metrics it scrapes
     * @param rules  a rule file to evaluate every second, if any
     */
    public PrometheusProcess(Path dir, int port, String target, Optional<Path> rules) {
        this.port = port;
        this.log = dir.resolve("prometheus.log");
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
                    rule_files: [%s]
                    scrape_configs:
                      - job_name: cutover
                        static_configs: [{targets: ["%s"]}]
                    """.formatted(rules.map(r -> "\"" + r + "\"").orElse(""), target));
            process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The series an instant query returns; a failed query throws with Prometheus's error. */
    public List<JsonNode> query(String expr) {
        return query(port, expr);
    }

    /** {@link #query(String)} of the Prometheus on a loopback port. */
    public static List<JsonNode> query(int port, String expr) {
        try {
            HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(r.body());
            if (!body.path("status").asText().equals("success")) {
                throw new IllegalStateException("query failed (" + body.path("error").asText() + ")");
            }
            List<JsonNode> out = new ArrayList<>();
            body.path("data").path("result").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Its log's last lines, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

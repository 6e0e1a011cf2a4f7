package dev.cutover.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.common.Http;
import dev.cutover.yaml.Excerpt;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prometheus's HTTP API, {@code GET /api/v1/query}: one instant query, bounded in time and in
 * the size of the answer read. Every failure is an {@link QueryAnswer.Unanswered}, never an
 * exception: a bake does not fail because its second judge could not be asked.
 */
public final class PrometheusHttp implements PrometheusQueries {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** An answer larger than this is not read: a bake query returns a handful of series. */
    static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;

    /** @param base the host config's {@code prometheus.url} */
    public PrometheusHttp(URI base) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
    }

    @Override
    public QueryAnswer query(String promql) {
        URI uri = base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<byte[]> r = Http.CLIENT.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.body().length > MAX_ANSWER_BYTES) {
                return new QueryAnswer.Unanswered("an answer of " + r.body().length + " bytes is too large to read");
            }
            return parse(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new QueryAnswer.Unanswered("Prometheus at " + base.getHost() + ":" + base.getPort() + " did not answer: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QueryAnswer.Unanswered("interrupted");
        }
    }

    /** Reads an answer of the query API (pure): values of a vector or scalar, or why there are none. */
    static QueryAnswer parse(int status, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new QueryAnswer.Unanswered("HTTP " + status + " without a JSON answer");
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            String error = root == null ? "" : root.path("error").asText("");
            return new QueryAnswer.Unanswered("HTTP " + status + ": query failed" + (error.isEmpty() ? "" : ": " + shorten(error)));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        List<QueryAnswer.Sample> samples = new ArrayList<>();
        if (type.equals("scalar")) {
            samples.add(new QueryAnswer.Sample("{}", value(data.path("result"))));
        } else if (type.equals("vector")) {
            for (JsonNode series : data.path("result")) {
                samples.add(new QueryAnswer.Sample(labels(series.path("metric")), value(series.path("value"))));
            }
        } else {
            return new QueryAnswer.Unanswered("expected an instant vector or a scalar, found " + shorten(type));
        }
        return new QueryAnswer.Values(samples);
    }

    /** [timestamp, "value"]; "NaN", "+Inf" and "-Inf" are what Prometheus writes for those. */
    private static double value(JsonNode pair) {
        String text = pair.path(1).asText("NaN");
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String labels(JsonNode metric) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            j.add(e.getKey() + "=\"" + e.getValue().asText() + "\"");
        }
        return shorten(j.toString());
    }

    /** What Prometheus says goes into logs: one line, bounded, control characters escaped. */
    static String shorten(String s) {
        return Excerpt.of(s, 200);
    }
}

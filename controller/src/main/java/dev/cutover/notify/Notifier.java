package dev.cutover.notify;

import dev.cutover.reconcile.DeployResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.HostConfig;
import dev.cutover.common.Http;
import dev.cutover.reconcile.PassListener;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import dev.cutover.reconcile.DeployReport;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts deploy successes, failures and rollbacks to the configured URLs, in the generic JSON,
 * Slack or Discord format. Posting happens on its own thread with a short timeout, so a
 * target that is down never blocks or fails a pass; the same failure twice in a row for an
 * app is sent once. Webhook URLs carry secrets: logs name only their host.
 */
public final class Notifier implements PassListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String server;
    private final List<HostConfig.Notification> targets;
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), r -> {
                Thread t = new Thread(r, "notify");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardOldestPolicy());

    public Notifier(String server, List<HostConfig.Notification> targets) {
        this.server = server;
        this.targets = List.copyOf(targets);
    }

    @Override
    public void deployFinished(DeployReport deploy) {
        if (targets.isEmpty()) {
            return;
        }
        String app = deploy.app();
        String detail = deploy.detail();
        if (deploy.result() == DeployResult.FAILED) {
            if (detail.equals(lastFailure.put(app, detail))) {
                return; // the same failure again: already told
            }
        } else {
            lastFailure.remove(app);
        }
        Event e = new Event(server, app, deploy.tag(), deploy.result(), detail, deploy.failedRequests(), Instant.now());
        for (HostConfig.Notification target : targets) {
            sender.execute(() -> post(target, e));
        }
    }

    /** What a notification says. */
    record Event(String server, String app, String tag, DeployResult result, String detail, OptionalInt failedRequests,
                 Instant at) {
        String text() {
            String cost = failedRequests.isPresent() ? " (" + failedRequests.getAsInt() + " failed requests)" : "";
            return switch (result) {
                case SUCCESS -> "✅ " + app + " " + tag + " is live on " + server + cost;
                case ROLLED_BACK -> "↩️ " + app + " rolled back to " + tag + " on " + server;
                case FLIPPED_BACK -> "↩️ " + app + " " + tag + " flipped back on " + server + cost + ": " + detail;
                case FAILED -> "❌ " + app + " " + tag + " failed to deploy on " + server + ": " + detail;
            };
        }
    }

    static String body(HostConfig.Notification.Format format, Event e) {
        ObjectNode o = JSON.createObjectNode();
        switch (format) {
            case SLACK -> o.put("text", e.text());
            case DISCORD -> o.put("content", e.text());
            default -> {
                o.put("event", "deploy");
                o.put("server", e.server());
                o.put("app", e.app());
                o.put("tag", e.tag());
                o.put("result", e.result().label());
                o.put("detail", e.detail());
                if (e.failedRequests().isPresent()) {
                    o.put("failedRequests", e.failedRequests().getAsInt());
                }
                o.put("at", e.at().toString());
                o.put("text", e.text());
            }
        }
        return o.toString();
    }

    private void post(HostConfig.Notification target, Event e) {
        String host = URI.create(target.url()).getHost();
        try {
            HttpResponse<Void> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(target.url())).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(target.format(), e))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                LOG.warn("notification to {} answered HTTP {}", host, r.statusCode());
            }
        } catch (Exception ex) {
            LOG.warn("notification to {} failed: {}", host, ex.getClass().getSimpleName());
        }
    }

    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
    }
}

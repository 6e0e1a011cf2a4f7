package dev.cutover.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.daemon.Daemon;
import dev.cutover.daemon.DeployRecord;
import dev.cutover.reconcile.AppView;
import dev.cutover.common.Colour;
import dev.cutover.reconcile.PassResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener (loopback by default): metrics, health, status, and the calls that
 * change things, which need the admin token (Authorization: Bearer …). The GitHub webhook
 * is authenticated by its HMAC signature instead, checked before anything else is read
 * from the body. Bodies are size-limited; a request must arrive within a few seconds.
 */
public final class AdminServer implements AutoCloseable {
    static {
        // A client that sends its request slowly is cut off rather than holding a thread.
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxReqHeaders", "100");
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY = 1024 * 1024;
    static final long MAX_DISCARD = 8L * 1024 * 1024;

    private final Daemon daemon;
    private final Optional<String> token;
    private final Optional<String> webhookSecret;
    private final HttpServer server;

    public AdminServer(Daemon daemon, String listen, Optional<String> token, Optional<String> webhookSecret) throws IOException {
        this.daemon = daemon;
        this.token = token;
        this.webhookSecret = webhookSecret;
        int colon = listen.lastIndexOf(':');
        server = HttpServer.create(new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))), 64);
        // The JDK server reads each request (headers and body) on these threads, and a slow
        // client holds one until the 10 s request deadline. Core = max, because a
        // ThreadPoolExecutor adds threads beyond its core only once its queue is full; idle
        // threads time out, so the pool costs nothing when quiet.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(128, 128, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256));
        pool.allowCoreThreadTimeOut(true);
        server.setExecutor(pool);
        server.createContext("/", this::route);
    }

    public void start() {
        server.start();
        LOG.info("admin listener on http://{}", server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void route(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/metrics" -> get(ex, method, () -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", daemon.metrics().scrape()));
                case "/healthz" -> get(ex, method, () -> send(ex, 200, "text/plain", "ok\n"));
                case "/readyz" -> get(ex, method, () -> send(ex, daemon.ready() ? 200 : 503, "text/plain",
                        daemon.ready() ? "ready\n" : "not ready: no pass has observed the server yet\n"));
                case "/api/status" -> get(ex, method, () -> send(ex, 200, "application/json", status().toPrettyString() + "\n"));
                case "/api/sync" -> admin(ex, method, () -> sync(ex));
                case "/api/pause" -> admin(ex, method, () -> {
                    daemon.pause();
                    send(ex, 200, "text/plain", "paused\n");
                });
                case "/api/resume" -> admin(ex, method, () -> {
                    daemon.resume();
                    send(ex, 200, "text/plain", "resumed\n");
                });
                case "/api/webhook/github" -> webhook(ex, method);
                default -> send(ex, 404, "text/plain", "not found\n");
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("admin request failed: {}", e.toString());
        }
    }

    private interface Handler {
        void handle() throws IOException;
    }

    private void get(HttpExchange ex, String method, Handler h) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            send(ex, 405, "text/plain", "use GET\n");
            return;
        }
        h.handle();
    }

    /** A call that changes things: POST, with the admin token, and no body to speak of. */
    private void admin(HttpExchange ex, String method, Handler h) throws IOException {
        if (!method.equals("POST")) {
            send(ex, 405, "text/plain", "use POST\n");
            return;
        }
        if (token.isEmpty()) {
            send(ex, 403, "text/plain", "no admin token is configured (admin.tokenFile): mutating calls are disabled\n");
            return;
        }
        String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
        if (!Signatures.equal("Bearer " + token.get(), auth)) {
            send(ex, 401, "text/plain", "missing or wrong admin token\n");
            return;
        }
        if (readBody(ex, 64 * 1024) == null) {
            send(ex, 413, "text/plain", "body too large\n");
            return;
        }
        h.handle();
    }

    private void sync(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex);
        Optional<String> app = Optional.ofNullable(q.get("app"));
        if (app.isPresent() && !dev.cutover.desired.Names.NAME.matcher(app.get()).matches()) {
            send(ex, 400, "text/plain", "app must be a valid app name\n");
            return;
        }
        if (!"true".equals(q.get("wait"))) {
            daemon.requestPass(app, true, null);
            send(ex, 202, "text/plain", "accepted: a pass starts as soon as the current one ends\n");
            return;
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<PassResult> done = daemon.requestPass(app, true, lines::add);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            while (!done.isDone() || !lines.isEmpty()) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            String last;
            try {
                PassResult r = done.join();
                last = "result: " + r.outcome().name().toLowerCase() + r.error().map(e -> ": " + e).orElse("");
            } catch (RuntimeException e) {
                last = "result: failed: " + e.getMessage();
            }
            out.write((last + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void webhook(HttpExchange ex, String method) throws IOException {
        if (!method.equals("POST")) {
            send(ex, 405, "text/plain", "use POST\n");
            return;
        }
        if (webhookSecret.isEmpty()) {
            daemon.metrics().webhook("disabled");
            send(ex, 404, "text/plain", "webhook not configured (webhook.secretFile)\n");
            return;
        }
        byte[] body = readBody(ex, MAX_BODY);
        if (body == null) {
            daemon.metrics().webhook("too_large");
            send(ex, 413, "text/plain", "body too large\n");
            return;
        }
        if (!Signatures.validGithubSignature(webhookSecret.get(), body, ex.getRequestHeaders().getFirst("X-Hub-Signature-256"))) {
            daemon.metrics().webhook("unauthorized");
            send(ex, 401, "text/plain", "missing or wrong X-Hub-Signature-256\n");
            return;
        }
        String event = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-GitHub-Event")).orElse("");
        if (!event.equals("push")) {
            daemon.metrics().webhook("ignored");
            send(ex, 200, "text/plain", event.equals("ping") ? "pong\n" : "ignored: event " + event + "\n");
            return;
        }
        String ref;
        try {
            JsonNode payload = JSON.readTree(body);
            ref = payload.path("ref").asText("");
        } catch (IOException e) {
            daemon.metrics().webhook("malformed");
            send(ex, 400, "text/plain", "body is not JSON\n");
            return;
        }
        String followed = "refs/heads/" + daemon.config().repo().branch();
        if (!ref.equals(followed)) {
            daemon.metrics().webhook("ignored");
            send(ex, 200, "text/plain", "ignored: push to " + ref + ", following " + followed + "\n");
            return;
        }
        daemon.metrics().webhook("accepted");
        daemon.requestPass(Optional.empty(), false, null);
        send(ex, 202, "text/plain", "accepted: a pass starts now\n");
    }

    private ObjectNode status() {
        ObjectNode o = JSON.createObjectNode();
        o.put("server", daemon.config().server());
        o.put("paused", daemon.paused());
        o.put("ready", daemon.ready());
        daemon.lastPass().flatMap(PassResult::revision).ifPresentOrElse(r -> o.put("desiredRevision", r), () -> o.putNull("desiredRevision"));
        daemon.lastPass().ifPresent(r -> {
            ObjectNode last = o.putObject("lastPass");
            last.put("result", r.outcome().name().toLowerCase());
            last.put("reason", r.error().orElse(null));
            last.put("durationSeconds", r.duration().toMillis() / 1000.0);
            daemon.lastPassAt().ifPresent(t -> last.put("finishedAt", t.toString()));
        });
        ArrayNode apps = o.putArray("apps");
        for (AppView a : daemon.apps()) {
            ObjectNode n = apps.addObject();
            n.put("app", a.app());
            n.put("desiredTag", a.desiredTag().orElse(null));
            n.put("runningTag", a.runningTag().orElse(null));
            n.put("liveColour", a.liveColour().map(Colour::label).orElse(null));
            n.put("healthy", a.healthy());
            n.put("drift", a.drift());
            n.put("state", a.state());
        }
        ArrayNode deploys = o.putArray("deploys");
        for (DeployRecord d : daemon.deploys()) {
            ObjectNode n = deploys.addObject();
            n.put("app", d.app());
            n.put("tag", d.tag());
            n.put("result", d.result());
            n.put("finishedAt", d.finishedAt().toString());
            n.put("detail", d.detail());
            ObjectNode stages = n.putObject("stageSeconds");
            d.stages().forEach((stage, took) -> stages.put(stage, took.toMillis() / 1000.0));
        }
        return o;
    }

    /**
     * Reads at most {@code limit} bytes; null when the body is larger. The rest of a too-large
     * body is discarded (up to {@link #MAX_DISCARD}) so the client can read the 413; a larger
     * one has its connection closed.
     */
    private static byte[] readBody(HttpExchange ex, int limit) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length <= limit) {
                return body;
            }
            // Read, not skip: the JDK server's skip bypasses its own count of the body's length.
            long toDiscard = Math.min(MAX_DISCARD, Math.max(0, contentLength(ex) - body.length));
            byte[] sink = new byte[64 * 1024];
            for (int n = 0; toDiscard > 0 && n >= 0; toDiscard -= n) {
                n = in.read(sink, 0, (int) Math.min(sink.length, toDiscard));
            }
            return null;
        } catch (java.io.EOFException e) {
            return null;
        }
    }

    private static long contentLength(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        return length != null && length.matches("[0-9]{1,18}") ? Long.parseLong(length) : MAX_DISCARD;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
    }
}

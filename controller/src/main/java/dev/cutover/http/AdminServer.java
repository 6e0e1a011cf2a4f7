package dev.cutover.http;

import dev.cutover.daemon.Daemon;
import dev.cutover.reconcile.Bakes;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener (loopback by default): the wiring and the routes. Metrics and health
 * are open; {@code /api/status} and the calls that change things need the admin token
 * ({@link Auth}); the GitHub webhook is authenticated by its signature ({@link GithubWebhook}).
 *
 * <p>Why Jetty rather than the JDK's {@code com.sun.net.httpserver}: the JDK server reads each
 * request on a pool thread, so every client that sends half a request holds a thread until
 * its deadline, and a few hundred of them fill the pool and the listener stops answering
 * {@code /healthz}. Jetty's connector is non-blocking: a connection waiting for bytes costs a
 * socket and a timer, never a thread; a thread runs only once a whole request head is in. It
 * also gives, as plain settings, what the JDK server lacks or hides in system properties: an
 * idle timeout per connection, a limit on request header size, a cap on connections and a
 * bounded thread pool. Jetty 12's core API (no servlets) keeps the dependency small.
 */
public final class AdminServer implements AutoCloseable {
    static {
        // Jetty's debug logging would print request headers, the admin token among them:
        // keep it quiet even under --verbose (slf4j-simple reads this per logger, when created).
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** A request (headers and body) must arrive within this of the connection being ready for it. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Idle connections are cheap here (no thread each), so the cap is about file descriptors. */
    static final int MAX_CONNECTIONS = 2048;
    static final int MAX_THREADS = 32;

    private final Daemon daemon;
    private final Auth auth;
    private final Server server;
    private final ServerConnector connector;
    private final RequestDeadline deadline;
    private final SyncStream sync;
    private final RollbackCall rollback;
    private final GithubWebhook webhook;

    public AdminServer(Daemon daemon, String listen, Optional<String> token, Optional<String> webhookSecret) throws IOException {
        this.daemon = daemon;
        this.auth = new Auth(token);
        // Bounded: a full queue rejects work instead of growing. Handlers other than the sync
        // stream finish in milliseconds; a thread is taken only once a request head is in.
        // Eight threads are kept started: creating them during a burst of attackers was what
        // delayed /healthz and /metrics past 200 ms on a 2-core host.
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8, 30_000, new BlockingArrayQueue<>(64, 0, 256));
        pool.setName("admin");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 2, new HttpConnectionFactory(http));
        int colon = listen.lastIndexOf(':');
        connector.setHost(listen.substring(0, colon));
        connector.setPort(Integer.parseInt(listen.substring(colon + 1)));
        connector.setIdleTimeout(REQUEST_DEADLINE.toMillis());
        connector.setAcceptQueueSize(512);
        deadline = new RequestDeadline(REQUEST_DEADLINE, connector.getScheduler());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
        ProgressStream streams = new ProgressStream();
        sync = new SyncStream(daemon, streams);
        rollback = new RollbackCall(daemon, streams);
        webhook = new GithubWebhook(daemon, webhookSecret, deadline, connector.getScheduler());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(request, response, callback);
                return true;
            }
        });
        // Bind now, so a port in use is reported before the daemon starts.
        connector.open();
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the admin listener: " + e.getMessage(), e);
        }
        LOG.info("admin listener on http://{}:{}", connector.getHost(), port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    private void route(Request request, Response response, Callback callback) {
        deadline.headersArrived(request);
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals("/api/webhook/github")) {
            if (post(method, response, callback)) {
                webhook.handle(request, response, callback);
            }
            return;
        }
        // No other call reads a body; one larger than a small form is refused (read and dropped
        // first when small enough that the client can then read the answer).
        if (BoundedBody.tooLarge(request, BoundedBody.OTHER_LIMIT)) {
            BoundedBody.refuseAfterDiscarding(request, response, callback, 413, "body too large\n",
                    deadline.bodyDeadlineNanos(request), connector.getScheduler());
            return;
        }
        switch (path) {
            case "/metrics" -> {
                if (get(method, response, callback)) {
                    Reply.send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", daemon.metrics().scrape());
                }
            }
            case "/healthz" -> {
                if (get(method, response, callback)) {
                    Reply.text(response, callback, 200, "ok\n");
                }
            }
            case "/readyz" -> {
                if (get(method, response, callback)) {
                    boolean ready = daemon.ready();
                    Reply.text(response, callback, ready ? 200 : 503, ready ? "ready\n" : "not ready: no pass has observed the server yet\n");
                }
            }
            case "/api/status" -> {
                if (get(method, response, callback) && admitted(request, response, callback)) {
                    Reply.send(response, callback, 200, "application/json", StatusJson.of(daemon));
                }
            }
            case "/api/sync" -> {
                if (post(method, response, callback) && admitted(request, response, callback)) {
                    sync.handle(request, response, callback);
                }
            }
            case "/api/rollback" -> {
                if (post(method, response, callback) && admitted(request, response, callback)) {
                    rollback.handle(request, response, callback);
                }
            }
            case "/api/pause" -> {
                if (post(method, response, callback) && admitted(request, response, callback)) {
                    daemon.pause();
                    Reply.text(response, callback, 200, "paused\n");
                }
            }
            case "/api/resume" -> {
                if (post(method, response, callback) && admitted(request, response, callback)) {
                    daemon.resume();
                    Reply.text(response, callback, 200, "resumed\n");
                }
            }
            case "/api/promote", "/api/abort" -> {
                if (post(method, response, callback) && admitted(request, response, callback)) {
                    BakeRequests.handle(daemon, path.equals("/api/promote") ? Bakes.Ask.PROMOTE : Bakes.Ask.ABORT,
                            request, response, callback);
                }
            }
            default -> Reply.text(response, callback, 404, "not found\n");
        }
    }

    private static boolean get(String method, Response response, Callback callback) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        Reply.text(response, callback, 405, "use GET\n");
        return false;
    }

    private static boolean post(String method, Response response, Callback callback) {
        if (method.equals("POST")) {
            return true;
        }
        Reply.text(response, callback, 405, "use POST\n");
        return false;
    }

    private boolean admitted(Request request, Response response, Callback callback) {
        Auth.Verdict v = auth.check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (v == Auth.Verdict.ALLOWED) {
            return true;
        }
        Reply.text(response, callback, Auth.status(v), Auth.message(v));
        return false;
    }

    @Override
    public void close() {
        try {
            server.setStopTimeout(1000);
            server.stop();
        } catch (Exception e) {
            LOG.debug("admin listener did not stop cleanly: {}", e.toString());
        }
    }
}

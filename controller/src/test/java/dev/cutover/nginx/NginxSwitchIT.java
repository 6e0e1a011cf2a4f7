package dev.cutover.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cutover.common.Colour;
import dev.cutover.config.HostConfig;
import dev.cutover.testing.Load;
import dev.cutover.testing.NginxServer;
import dev.cutover.testing.PortBlocks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch's confirmation on a real nginx: two HTTP backends stand for the colours (they
 * answer {@code /} at once and {@code /slow} after 2 s, naming their colour), nginx runs the
 * project's own config, and a load runs through it while the upstream is switched back and forth.
 */
class NginxSwitchIT {
    private static final String APP = "sw";
    private static final String UPSTREAM = "up_sw";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int base;
    private NginxServer nginx;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void withItsOldWorkersRetiredTheSwitchIsConfirmedAtOnceAndEveryLaterRequestReachesTheNewColour() throws Exception {
        start();
        Nginx router = new Nginx(config(nginx.pidFile()));
        assertEquals(Nginx.Confirmation.OLD_WORKERS_RETIRED, switchTo(router, Colour.BLUE));
        try (Load load = new Load(nginx.url(""), 8)) {
            Thread.sleep(500);
            Colour live = Colour.BLUE;
            for (int i = 0; i < 6; i++) {
                live = live.other();
                long t0 = System.nanoTime();
                Nginx.Confirmation how = switchTo(router, live);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("switch to " + live.label() + " confirmed by " + how + " in " + ms + " ms (test, reload, confirm)");
                assertEquals(Nginx.Confirmation.OLD_WORKERS_RETIRED, how, nginx.errorLog());
                // Every connection opened after the confirmation is served with the new configuration.
                for (int r = 0; r < 20; r++) {
                    assertEquals(live.label(), answeredBy(), "request " + r + " after the switch to " + live.label());
                }
                Thread.sleep(300);
            }
            Thread.sleep(2500);
            load.close();
            assertEquals(List.of(), load.failures, "requests failed through the switches");
            assertTrue(load.slowOk.get() > 0 && load.ok.get() > 0, "the load ran: " + load.ok + " quick, " + load.slowOk + " slow");
        }
    }

    @Test
    void withoutAReadablePidFileTheSwitchFallsBackToTheSteadyWindow() throws Exception {
        start();
        Nginx router = new Nginx(config(tmp.resolve("no-such.pid")));
        assertEquals(Nginx.Confirmation.STEADY_WINDOW, switchTo(router, Colour.BLUE));
        assertEquals(Nginx.Confirmation.STEADY_WINDOW, switchTo(router, Colour.GREEN));
        assertEquals("green", answeredBy());
    }

    @Test
    void aPidFileOfAnotherNginxIsNotTakenForProofTheSwitchFallsBackAndStillConfirms() throws Exception {
        start();
        // Another nginx's workers never retire on this nginx's reload: the wait for them ends, and the steady window decides.
        NginxServer other = new NginxServer(tmp.resolve("other"), base + 7, "up_other");
        open.add(other);
        Nginx router = new Nginx(config(other.pidFile()));
        assertEquals(Nginx.Confirmation.STEADY_WINDOW, switchTo(router, Colour.BLUE));
        assertEquals("blue", answeredBy());
    }

    private void start() throws IOException {
        base = PortBlocks.claim();
        backend("blue", base + 2);
        backend("green", base + 3);
        nginx = new NginxServer(tmp.resolve("nginx"), base, UPSTREAM);
        open.add(nginx);
    }

    private HostConfig.Nginx config(Path pidFile) {
        return new HostConfig.Nginx(nginx.upstreamDir(), nginx.command("-t", "-q"), nginx.command("-s", "reload"),
                "127.0.0.1:" + (base + 1), nginx.accessLog(), pidFile);
    }

    private Nginx.Confirmation switchTo(Nginx router, Colour live) {
        int livePort = live == Colour.BLUE ? base + 2 : base + 3;
        int idlePort = live == Colour.BLUE ? base + 3 : base + 2;
        return router.switchAndConfirm(UPSTREAM, UpstreamFile.render(APP, UPSTREAM, live, "127.0.0.1", livePort, idlePort,
                "127.0.0.1:" + (base + 1)), APP, "127.0.0.1:" + livePort, "/");
    }

    /** One request on a fresh connection through the site; the colour that answered it. */
    private String answeredBy() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(nginx.url("/"))).header("Connection", "close")
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("X-Demo-Version").orElse("?");
    }

    /** A colour: answers {@code /} at once and {@code /slow} after 2 s, naming itself in X-Demo-Version. */
    private void backend(String colour, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().equals("/slow")) {
                    Thread.sleep(2000);
                }
                byte[] body = (colour + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("X-Demo-Version", colour);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        open.add(() -> server.stop(0));
    }
}

package dev.cutover.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load through nginx while a test does something: a few clients in a loop on
 * {@code /}, plus a 2-second request (GET and POST in turn) started every 250 ms, so some
 * are always in flight. Every request uses a new connection, so any failure is real.
 */
public final class Load implements AutoCloseable {
    private static final Duration MAX_RUN = Duration.ofSeconds(120);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    public final AtomicInteger ok = new AtomicInteger();
    public final AtomicInteger slowOk = new AtomicInteger();
    public final List<String> failures = new CopyOnWriteArrayList<>();
    /** When each failure happened (Unix milliseconds), in the order of {@link #failures}. */
    public final List<Long> failedAt = new CopyOnWriteArrayList<>();
    public final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();

    public Load(String baseUrl, int clients) {
        this.base = baseUrl;
        long stopAt = System.nanoTime() + MAX_RUN.toNanos();
        for (int i = 0; i < clients; i++) {
            threads.add(start(() -> {
                while (running.get() && System.nanoTime() < stopAt) {
                    request("GET", "/", false);
                }
            }));
        }
        threads.add(start(() -> {
            List<Thread> slow = new ArrayList<>();
            int n = 0;
            while (running.get() && System.nanoTime() < stopAt) {
                String method = n++ % 2 == 0 ? "GET" : "POST";
                slow.add(start(() -> request(method, "/slow", true)));
                sleep(250);
            }
            slow.forEach(Load::join);
        }));
    }

    private void request(String method, String path, boolean slow) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Connection", "close");
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.ofString("payload=" + "x".repeat(100))) : b.GET();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                failed(method + " " + path + " -> HTTP " + r.statusCode());
                return;
            }
            (slow ? slowOk : ok).incrementAndGet();
            versions.computeIfAbsent(r.headers().firstValue("X-Demo-Version").orElse("?"), k -> new AtomicInteger()).incrementAndGet();
        } catch (IOException e) {
            failed(method + " " + path + " -> " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void failed(String what) {
        failedAt.add(System.currentTimeMillis());
        failures.add(what);
    }

    /** Stops the clients and waits for every request in flight to finish. */
    @Override
    public void close() {
        running.set(false);
        threads.forEach(Load::join);
    }

    private static Thread start(Runnable body) {
        Thread t = new Thread(body, "load");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(40).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

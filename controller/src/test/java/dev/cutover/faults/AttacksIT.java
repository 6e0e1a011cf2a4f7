package dev.cutover.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cutover.http.Signatures;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Bad input and hostile clients are refused without side effects; planted secrets appear nowhere. */
class AttacksIT extends StageTest {
    static final String REGISTRY_PASSWORD = "planted-registry-pass-51c2";
    static final String HOOK_SECRET_PATH = "planted-hook-path-8e07";


    @Test
    void slowClientsDoNotTieUpTheListenerAndMalformedBodiesTriggerNothing() throws Exception {
        stage = new Stage(tmp, "slow");
        stage.desire("v1");
        daemon = new DaemonProcess(stage.writeConfig(tmp, "10m", ""), stage.adminPort, tmp.resolve("daemon.log"));
        double passes = daemon.metric("cutover_reconcile_passes_total");

        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) { // headers that never end
                Socket s = new Socket("127.0.0.1", stage.adminPort);
                s.getOutputStream().write("POST /api/sync HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.UTF_8));
                slow.add(s);
            }
            for (int i = 0; i < 8; i++) { // a webhook body that never arrives
                Socket s = new Socket("127.0.0.1", stage.adminPort);
                s.getOutputStream().write(("POST /api/webhook/github HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                        + "X-Hub-Signature-256: sha256=00\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
                slow.add(s);
            }
            long start = System.nanoTime();
            assertEquals(200, daemon.get("/healthz").statusCode());
            assertEquals(200, daemon.get("/metrics").statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, "the listener still answers at once");
            DaemonProcess.await(Duration.ofSeconds(30), "slow connections to be cut off", () -> slow.stream().allMatch(HostileClientsIT::closedByServer));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }

        byte[] notJson = "{\"ref\": refs/heads/main".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> malformed = send(HttpRequest.newBuilder(URI.create(daemon.base() + "/api/webhook/github"))
                .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", Signatures.githubSignature(Stage.WEBHOOK_SECRET, notJson))
                .POST(HttpRequest.BodyPublishers.ofByteArray(notJson)));
        assertEquals(400, malformed.statusCode());
        assertEquals(400, daemon.post("/api/sync?app=..%2Fetc", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        assertEquals(400, daemon.post("/api/../../etc/passwd", Stage.ADMIN_TOKEN, new byte[0]).statusCode(), "a path above the root is not a URI");
        Thread.sleep(1000);
        assertEquals(passes, daemon.metric("cutover_reconcile_passes_total"), "nothing was triggered");
    }

    @Test
    void theStatusNeedsTheAdminTokenAndAnOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        stage = new Stage(tmp, "status-token");
        stage.desire("v1");
        daemon = new DaemonProcess(stage.writeConfig(tmp, "10m", ""), stage.adminPort, tmp.resolve("daemon.log"));
        HttpRequest.Builder status = HttpRequest.newBuilder(URI.create(daemon.base() + "/api/status")).GET();
        assertEquals(401, send(status.copy()).statusCode(), "no token");
        assertEquals(401, send(status.copy().header("Authorization", "Bearer not-the-token")).statusCode(), "wrong token");
        HttpResponse<String> allowed = send(status.copy().header("Authorization", "Bearer " + Stage.ADMIN_TOKEN));
        assertEquals(200, allowed.statusCode());
        assertTrue(allowed.body().contains("\"lastPass\""), allowed.body());
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(daemon.base() + "/metrics")).GET()).statusCode(), "metrics stay open");

        // The headers announce 100 MiB; none of it is sent, so an answer proves the body was not awaited.
        for (String path : List.of("/api/webhook/github", "/api/sync")) {
            try (Socket s = new Socket("127.0.0.1", stage.adminPort)) {
                s.setSoTimeout(5000);
                long start = System.nanoTime();
                s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Stage.ADMIN_TOKEN
                        + "\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\nContent-Length: " + (100L << 20) + "\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 413", answer, path);
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, path + " answered at once");
            }
        }
        assertEquals(1.0, daemon.metric("cutover_webhook_requests_total{result=\"too_large\""));
    }

    @Test
    void plantedSecretsNeverAppearInLogsStatusMetricsNotificationsOrLabels() throws Exception {
        stage = new Stage(tmp, "secrets-grep");
        List<String> notifications = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", stage.sparePort), 0);
        receiver.createContext("/", ex -> {
            notifications.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            Path dockerConfig = Files.createDirectories(tmp.resolve("docker-config"));
            String auth = Base64.getEncoder().encodeToString(("cutover:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
            Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}");
            stage.desire("v1");
            Path config = stage.writeConfig(tmp, "10m", """
                    docker:
                      config: %s
                    notifications:
                      - {url: "http://127.0.0.1:%d/%s", format: slack}
                      - {url: "http://127.0.0.1:9/%s", format: generic}
                    """.formatted(dockerConfig, stage.sparePort, HOOK_SECRET_PATH, HOOK_SECRET_PATH));
            daemon = new DaemonProcess(config, stage.adminPort, tmp.resolve("daemon.log"));
            stage.desire("broken-404");
            Captured c = cli("--verbose", "sync", "--wait");
            stage.desire("v2");
            cli("sync", "--wait");
            DaemonProcess.await(Duration.ofSeconds(15), "notifications", () -> notifications.size() >= 2);

            List<String> secrets = List.of(Stage.ADMIN_TOKEN, Stage.WEBHOOK_SECRET, Stage.SECRET_VALUE, REGISTRY_PASSWORD, auth, HOOK_SECRET_PATH);
            String labels = GitRepo.run(tmp, List.of("docker", "inspect", "--format", "{{json .Config.Labels}}",
                    stage.containers().get(0).id()));
            List<String> outputs = List.of(daemon.log(), daemon.get("/api/status").body(), daemon.get("/metrics").body(),
                    String.join("\n", notifications), labels, c.out() + c.err());
            for (String secret : secrets) {
                for (String output : outputs) {
                    assertFalse(output.contains(secret), "found " + secret + " in:\n" + output);
                }
            }
            assertTrue(daemon.log().contains("notification to 127.0.0.1 failed"), "the dead target is named by host only");
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * On a connection of its own: a pooled one may have been idle close to the listener's 10 s
     * request deadline (it counts from the previous answer), and a request arriving at that edge
     * is answered 408, which is not what these assertions are about.
     */
    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return fresh.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

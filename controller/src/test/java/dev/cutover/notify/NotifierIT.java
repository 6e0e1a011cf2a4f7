package dev.cutover.notify;

import dev.cutover.reconcile.DeployResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.config.HostConfig;
import dev.cutover.config.HostConfig.Notification.Format;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import dev.cutover.reconcile.DeployReport;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifications over real HTTP to a local receiver, in each format; a dead target changes nothing. */
class NotifierIT {
    HttpServer receiver;
    final List<String> received = new CopyOnWriteArrayList<>();
    String base;
    String dead;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            received.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = "http://127.0.0.1:" + s.getLocalPort() + "/nobody-home";
        }
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private void awaitMessages(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private JsonNode body(String path) throws Exception {
        String line = received.stream().filter(l -> l.startsWith(path + " ")).findFirst().orElseThrow(() -> new AssertionError(received.toString()));
        return new ObjectMapper().readTree(line.substring(path.length() + 1));
    }

    @Test
    void eachFormatReachesTheReceiverAndADeadTargetBlocksNothing() throws Exception {
        Notifier n = new Notifier("web-1", List.of(
                new HostConfig.Notification(dead, Format.GENERIC),
                new HostConfig.Notification(base + "/generic", Format.GENERIC),
                new HostConfig.Notification(base + "/slack", Format.SLACK),
                new HostConfig.Notification(base + "/discord", Format.DISCORD)));
        long start = System.nanoTime();
        n.deployFinished(new DeployReport("web", "v2", DeployResult.SUCCESS, Map.of("pull", Duration.ofMillis(50)),
                Optional.of(Duration.ofSeconds(7)), "deployed", OptionalInt.of(0)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 200, "posting happens off the pass thread");
        awaitMessages(3);
        JsonNode generic = body("/generic");
        assertEquals("web", generic.path("app").asText());
        assertEquals("v2", generic.path("tag").asText());
        assertEquals("success", generic.path("result").asText());
        assertEquals("web-1", generic.path("server").asText());
        assertEquals("✅ web v2 is live on web-1 (0 failed requests)", body("/slack").path("text").asText());
        assertEquals("✅ web v2 is live on web-1 (0 failed requests)", body("/discord").path("content").asText());
        n.close();
    }

    @Test
    void theSameFailureTwiceInARowIsSentOnceAndARecoveryIsSent() throws Exception {
        Notifier n = new Notifier("web-1", List.of(new HostConfig.Notification(base + "/slack", Format.SLACK)));
        n.deployFinished(new DeployReport("web", "v3", DeployResult.FAILED, Map.of(), Optional.empty(), "health: never healthy", OptionalInt.empty()));
        n.deployFinished(new DeployReport("web", "v3", DeployResult.FAILED, Map.of(), Optional.empty(), "health: never healthy", OptionalInt.empty()));
        n.deployFinished(new DeployReport("web", "v4", DeployResult.SUCCESS, Map.of(), Optional.empty(), "deployed", OptionalInt.empty()));
        n.deployFinished(new DeployReport("web", "v2", DeployResult.ROLLED_BACK, Map.of(), Optional.empty(), "rolled back", OptionalInt.empty()));
        n.close();
        assertEquals(3, received.size(), received.toString());
        assertTrue(received.get(0).contains("❌ web v3 failed to deploy on web-1: health: never healthy"), received.get(0));
        assertTrue(received.get(2).contains("↩️ web rolled back to v2 on web-1"), received.get(2));
    }
}

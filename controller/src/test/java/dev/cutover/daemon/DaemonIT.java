package dev.cutover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Http;
import dev.cutover.http.Signatures;
import dev.cutover.common.Colour;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.Load;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The daemon as a real process against the real engine, registry, nginx and git. */
class DaemonIT extends StageTest {

    /** A stage serving v1 through a daemon that polls every {@code interval}. */
    private void daemonServingV1(String name, String interval) {
        stage = new Stage(tmp, name);
        stage.desire("v1");
        daemon = new DaemonProcess(stage.writeConfig(tmp, interval, ""), stage.adminPort, tmp.resolve("daemon.log"));
        DaemonProcess.await(Duration.ofSeconds(30), "v1 to serve", () -> stage.serving().equals("v1"));
    }

    @Test
    void aCommitThatChangesATagConvergesByPolling() {
        daemonServingV1("poll", "2s");
        stage.desire("v2");
        DaemonProcess.await(Duration.ofSeconds(30), "v2 to serve by polling", () -> stage.serving().equals("v2"));
        DaemonProcess.await(Duration.ofSeconds(30), "the second deploy to be counted",
                () -> daemon.metric("cutover_deploys_total{app=\"poll\",result=\"success\"") == 2);
    }

    @Test
    void aSignedPushWebhookConvergesWellBeforeThePollInterval() {
        daemonServingV1("webhook", "10m");
        stage.desire("v2");
        long start = System.nanoTime();
        var r = daemon.push("refs/heads/main", Stage.WEBHOOK_SECRET);
        assertEquals(202, r.statusCode(), r.body());
        DaemonProcess.await(Duration.ofSeconds(30), "v2 to serve after the webhook", () -> stage.serving().equals("v2"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
        assertEquals(1.0, daemon.metric("cutover_webhook_requests_total"));

        var other = daemon.push("refs/heads/feature", Stage.WEBHOOK_SECRET);
        assertEquals(200, other.statusCode());
        assertTrue(other.body().startsWith("ignored"), other.body());
    }

    @Test
    void aReplayedWebhookDeliveryIsAcknowledgedButStartsNoSecondPass() throws Exception {
        daemonServingV1("replay", "10m");
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        Supplier<HttpResponse<String>> delivery = () -> {
            try {
                return Http.CLIENT.send(HttpRequest.newBuilder(URI.create(daemon.base() + "/api/webhook/github"))
                        .timeout(Duration.ofSeconds(10))
                        .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                        .header("X-Hub-Signature-256", Signatures.githubSignature(Stage.WEBHOOK_SECRET, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        double passes = daemon.metric("cutover_reconcile_passes_total");
        assertEquals(202, delivery.get().statusCode());
        DaemonProcess.await(Duration.ofSeconds(30), "the webhook's pass", () -> daemon.metric("cutover_reconcile_passes_total") == passes + 1);

        var replay = delivery.get();
        assertEquals(200, replay.statusCode());
        assertEquals("duplicate delivery, ignored\n", replay.body());
        Thread.sleep(2000);
        assertEquals(passes + 1, daemon.metric("cutover_reconcile_passes_total"), "no second pass");
        assertEquals(1.0, daemon.metric("cutover_webhook_requests_total{result=\"duplicate\""));
    }

    @Test
    void syncWaitPrintsEachStageAndExitsZeroAfterConvergence() {
        daemonServingV1("sync", "10m");
        stage.desire("v2");
        Captured c = cli("sync", "--wait");
        assertEquals(0, c.exitCode(), c.out() + c.err());
        assertTrue(c.out().contains("switch upstream") && c.out().contains("drain blue") && c.out().endsWith("result: changed\n"), c.out());
        assertEquals("v2", stage.serving());

        Captured status = cli("status");
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("v2 live on green, converged"), status.out());
    }

    @Test
    void requestsDuringAPassLeadToExactlyOneFollowUpPass() {
        daemonServingV1("coalesce", "10m");
        stage.desire("v2");
        double before = daemon.metric("cutover_reconcile_passes_total");
        assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        DaemonProcess.await(Duration.ofSeconds(30), "the deploy to start", () -> daemon.log().contains("wait until green is healthy"));
        for (int i = 0; i < 3; i++) {
            assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
            assertEquals(202, daemon.push("refs/heads/main", Stage.WEBHOOK_SECRET).statusCode());
        }
        Captured c = cli("sync", "--wait");
        assertEquals(0, c.exitCode(), c.out() + c.err());
        assertTrue(c.out().endsWith("result: converged\n"), "the waiter got the follow-up pass: " + c.out());
        assertEquals(before + 2, daemon.metric("cutover_reconcile_passes_total"), "the deploy and one follow-up");
    }

    @Test
    void badSignaturesMissingTokensAndOversizedBodiesAreRefusedAndTriggerNothing() throws Exception {
        daemonServingV1("refuse", "10m");
        stage.desire("v2");
        double passes = daemon.metric("cutover_reconcile_passes_total");

        assertEquals(401, daemon.push("refs/heads/main", "not-the-secret").statusCode());
        var unsigned = daemon.post("/api/webhook/github", null, "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, unsigned.statusCode());
        assertEquals(413, daemon.post("/api/webhook/github", null, new byte[2 * 1024 * 1024]).statusCode());
        assertEquals(401, daemon.post("/api/sync", null, new byte[0]).statusCode());
        assertEquals(401, daemon.post("/api/sync", "wrong-token", new byte[0]).statusCode());
        assertEquals(401, daemon.post("/api/pause", null, new byte[0]).statusCode());
        assertEquals(413, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[2 * 1024 * 1024]).statusCode());
        assertEquals(405, daemon.get("/api/sync").statusCode());

        Thread.sleep(2000);
        assertEquals(passes, daemon.metric("cutover_reconcile_passes_total"), "no pass was triggered");
        assertEquals("v1", stage.serving());
        assertFalse(daemon.log().contains(Stage.ADMIN_TOKEN) || daemon.log().contains(Stage.WEBHOOK_SECRET));
        assertFalse(daemon.get("/metrics").body().contains(Stage.WEBHOOK_SECRET));
        assertFalse(daemon.get("/api/status").body().contains(Stage.ADMIN_TOKEN));
    }

    @Test
    void pauseStopsChangesWhileReportingDriftAndResumeConverges() {
        daemonServingV1("pause", "10m");
        assertEquals(0, cli("pause").exitCode());
        stage.desire("v2");
        Captured paused = cli("sync", "--wait");
        assertEquals(0, paused.exitCode(), paused.out() + paused.err());
        assertTrue(paused.out().contains("result: paused"), paused.out());
        assertEquals("v1", stage.serving());
        assertTrue(daemon.get("/api/status").body().contains("\"drift\" : true"), daemon.get("/api/status").body());
        assertEquals(1.0, daemon.metric("cutover_paused"));
        assertEquals(1.0, daemon.metric("cutover_drift"));

        assertEquals(0, cli("resume").exitCode());
        DaemonProcess.await(Duration.ofSeconds(30), "v2 to serve after resume", () -> stage.serving().equals("v2"));
        assertEquals(0.0, daemon.metric("cutover_paused"));
    }

    @Test
    void sigtermDuringACutoverExitsZeroAndLeavesTrafficServed() throws Exception {
        daemonServingV1("sigterm", "10m");
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            stage.desire("v2");
            assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
            DaemonProcess.await(Duration.ofSeconds(30), "the health gate to start",
                    () -> daemon.log().contains("wait until green is healthy"));
            assertEquals(0, daemon.terminate(Duration.ofSeconds(60)), daemon.log());
            Thread.sleep(1000);
            load.close();
            assertEquals(List.of(), load.failures);
        }
        assertEquals("v1", stage.serving());
        assertTrue(stage.container(Colour.GREEN).isEmpty(), "the half-started colour was removed: " + stage.containers());
        assertTrue(stage.container(Colour.BLUE).orElseThrow().running());
    }
}

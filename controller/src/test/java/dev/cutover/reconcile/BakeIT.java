package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.Load;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * After the switch, on real parts: the old colour stays hot while real traffic (nginx's
 * access log in Cutover's format) judges the new one; a failing new colour is flipped back.
 */
class BakeIT extends StageTest {
    /** The stage's app with a bake (and optionally other changes to its YAML). */
    private void appWithBake(String bake, String... replacements) {
        String yaml = Stage.appYaml(stage.app, stage.bluePort, upstream()).replace("bake: 0s", "bake: " + bake);
        for (int i = 0; i < replacements.length; i += 2) {
            yaml = yaml.replace(replacements[i], replacements[i + 1]);
        }
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml", yaml);
    }

    private String upstream() {
        return "up_" + stage.app.replace('-', '_');
    }

    private void servingV1(String name) {
        stage = new Stage(tmp, name);
        stage.desire("v1");
        assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
    }

    private PassResult.AppResult only(PassResult r) {
        return r.apps().stream().filter(a -> a.app().equals(stage.app)).findFirst().orElseThrow();
    }

    @Test
    void aBakeThatPassesStopsTheOldColourOnlyAfterItAndTheDeployCostsNoRequest() {
        servingV1("bake-pass");
        appWithBake("3s");
        stage.desire("v2");
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            CompletableFuture<PassResult> pass = CompletableFuture.supplyAsync(stage::pass);
            DaemonProcess.await(Duration.ofSeconds(20), "v2 to serve", () -> stage.serving().equals("v2"));
            assertTrue(stage.container(Colour.BLUE).orElseThrow().running(), "the old colour stays hot during the bake");
            PassResult r = pass.join();
            load.close();
            assertTrue(r.ok(), r + "\n" + String.join("\n", stage.progress));
            assertTrue(only(r).stages().get("bake").toMillis() >= 3000, only(r).stages().toString());
            assertEquals(0, only(r).failedRequests().orElseThrow(), "read from nginx's access log");
            assertEquals(List.of(), load.failures);
        }
        assertFalse(stage.container(Colour.BLUE).orElseThrow().running(), "stopped after the bake");
        assertTrue(stage.progress.stream().anyMatch(l -> l.contains("bake passed after 3s")), String.join("\n", stage.progress));
    }

    @Test
    void withUpstreamKeepaliveASwitchUnderLoadFailsNoRequestAndTheOldColourStillDrains() {
        servingV1("keepalive");
        appWithBake("0s", "keepImages: 20", "keepImages: 20\nkeepalive: 16");
        stage.repo.commitAndPush("keepalive 16");
        PassResult repaired = stage.pass();
        assertTrue(repaired.ok(), repaired + "\n" + String.join("\n", stage.progress));
        assertTrue(stage.upstreamFile().contains("    keepalive 16;\n"), "only the upstream file is rewritten: " + stage.upstreamFile());
        stage.desire("v2");
        PassResult r;
        try (Load load = new Load(stage.nginx.url(""), 8)) {
            r = stage.pass();
            load.close();
            assertEquals(List.of(), load.failures);
        }
        assertTrue(r.ok(), r + "\n" + String.join("\n", stage.progress));
        assertEquals("v2", stage.serving());
        assertFalse(stage.container(Colour.BLUE).orElseThrow().running(), "the old colour is stopped");
        long drained = only(r).stages().get("drain").toMillis();
        assertTrue(drained < 10_000, "idle keepalive connections did not hold the drain to its timeout: " + drained + " ms");
    }

    @Test
    void aVersionThatFailsLateUnderLoadIsFlippedBackAndTheRequestsItFailedAreCounted() {
        servingV1("bake-late");
        // Fails 8 s after its start: well after a gate without a settle window, even on a busy machine.
        // The error judge is what this test is about: latency judging is off, so a starved CPU on a
        // shared machine (p95 1027 ms against 76 ms in one run) cannot trip the bake first.
        appWithBake("{duration: 60s, latencyFactor: 0}", "settle: 3s", "settle: 0s", "env: {APP_ENV: test}",
                "env: {APP_ENV: test, FAIL_AFTER: \"8\"}");
        stage.desire("broken-late");
        PassResult r;
        List<String> failures;
        List<Long> failedAt;
        try (Load load = new Load(stage.nginx.url(""), 8)) {
            r = stage.pass();
            load.close();
            failures = load.failures;
            failedAt = load.failedAt;
        }
        String progress = String.join("\n", stage.progress);
        assertEquals(PassResult.Outcome.STALLED, r.outcome(), r + "\n" + progress);
        assertEquals(AppOutcome.FLIPPED_BACK, only(r).outcome(), only(r).detail());
        assertTrue(only(r).detail().contains("requests failed"), only(r).detail());
        assertEquals("v1", stage.serving());
        assertTrue(stage.container(Colour.BLUE).orElseThrow().running());
        assertTrue(stage.container(Colour.GREEN).isEmpty(), "the bad version is removed");
        assertFalse(failures.isEmpty(), "the bad version did answer some requests with 500 before it was caught");
        assertTrue(failures.stream().allMatch(f -> f.endsWith("HTTP 500")), "only what the bad version answered: " + failures);
        assertEquals(failures.size(), only(r).failedRequests().orElseThrow(), "the access log counts what clients saw");
        long span = failedAt.get(failedAt.size() - 1) - failedAt.get(0);
        assertTrue(span < 5000, "flipped back " + span + " ms after the first failed request");
        System.out.println("[figures] late failure: " + failures.size() + " failed requests, flipped back " + span
                + " ms after the first");
    }

    @Test
    void aRouteThatFailsWhileTheHealthPathAnswersIsCaughtByTheTrafficJudge() {
        servingV1("bake-routes");
        appWithBake("60s");
        stage.desire("broken-routes");
        PassResult r;
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            r = stage.pass();
        }
        assertEquals(AppOutcome.FLIPPED_BACK, only(r).outcome(), only(r).detail());
        assertTrue(only(r).detail().contains("requests failed"), "the traffic judge, not the health probe: " + only(r).detail());
        assertEquals("v1", stage.serving());
    }

    @Test
    void aContainerThatCrashesDuringTheBakeIsFlippedBackAndTheSpecWaitsForAChange() {
        servingV1("bake-crash");
        appWithBake("60s", "settle: 3s", "settle: 0s");
        stage.desire("broken-crashlater");
        PassResult r = stage.pass();
        assertEquals(AppOutcome.FLIPPED_BACK, only(r).outcome(), only(r).detail());
        assertTrue(only(r).detail().contains("green failed its bake: its container"), only(r).detail());
        assertEquals("v1", stage.serving());
        assertTrue(stage.pass().outcome() == PassResult.Outcome.STALLED, "not tried again until the desired state changes");
        assertEquals("v1", stage.serving());
    }

    @Test
    void promoteEndsABakeAndAbortFlipsOneBackThroughTheDaemon() throws Exception {
        try {
            promoteThenAbort();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- daemon log ---\n" + (daemon == null ? "" : daemon.log()), e);
        }
    }

    private void promoteThenAbort() throws Exception {
        servingV1("bake-cli");
        appWithBake("10m");
        stage.repo.commitAndPush("bake for 10 minutes");
        daemon = new DaemonProcess(stage.writeConfig(tmp, "10m", ""), stage.adminPort, tmp.resolve("daemon.log"));
        stage.desire("v2");
        assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        DaemonProcess.await(Duration.ofSeconds(30), "the bake to start", () -> cli("status").out().contains("baking green"));
        Captured status = cli("status");
        assertTrue(status.out().contains("(blue hot as backup)"), status.out());
        assertEquals(0, cli("promote", "--app", stage.app).exitCode());
        DaemonProcess.await(Duration.ofSeconds(30), "blue to be stopped", () -> !stage.container(Colour.BLUE).orElseThrow().running());
        assertEquals("v2", stage.serving());
        Captured notBaking = cli("promote", "--app", stage.app);
        assertEquals(1, notBaking.exitCode());
        assertTrue(notBaking.err().contains("is not baking"), notBaking.err());

        stage.desire("v3");
        assertEquals(202, daemon.post("/api/sync", Stage.ADMIN_TOKEN, new byte[0]).statusCode());
        DaemonProcess.await(Duration.ofSeconds(30), "v3 to bake", () -> cli("status").out().contains("baking blue"));
        assertEquals(0, cli("abort", "--app", stage.app).exitCode());
        DaemonProcess.await(Duration.ofSeconds(30), "the flip back", () -> cli("status").out().contains("flipped back"));
        assertEquals("v2", stage.serving());
        String json = daemon.get("/api/status").body();
        assertTrue(json.contains("\"result\" : \"flipped_back\""), json);
        assertTrue(daemon.metric("cutover_deploys_total{app=\"" + stage.app + "\",result=\"flipped_back\"") >= 1.0);
    }
}

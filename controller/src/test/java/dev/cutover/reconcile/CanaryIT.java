package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.Colour;
import dev.cutover.common.Http;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.Load;
import dev.cutover.testing.Stage;
import dev.cutover.testing.StageTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Canary steps on real nginx: weights move step by step, and a failing step returns all traffic. */
class CanaryIT extends StageTest {
    private void servingV1(String name, String canary) {
        stage = new Stage(tmp, name);
        stage.repo.write("desired-state/apps/" + stage.app + ".yaml", Stage.appYaml(stage.app, stage.bluePort, "up_" + name.replace('-', '_'))
                .replace("bake: 0s", "bake: 2s\nstrategy: canary\ncanary: " + canary));
        stage.desire("v1");
        assertTrue(stage.pass().ok(), String.join("\n", stage.progress));
    }

    /** Of {@code n} fresh requests through nginx, how many v2 answered. */
    private int answeredByV2(int n) throws Exception {
        int v2 = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(stage.nginx.url("/"))).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            v2 += r.headers().firstValue("X-Demo-Version").orElse("").equals("v2") ? 1 : 0;
        }
        return v2;
    }

    @Test
    void canaryStepsMoveTheWeightsThenTheSwitchAndTheBakeFollow() throws Exception {
        servingV1("canary-steps", "{steps: [20, 70], stepDuration: 6s}");
        stage.desire("v2");
        CompletableFuture<PassResult> pass = CompletableFuture.supplyAsync(stage::pass);
        DaemonProcess.await(Duration.ofSeconds(30), "the 20% step", () -> stage.upstreamFile().contains("weight=20 max_fails=0"));
        // The file is written before nginx reloads onto it, and old workers route the old way until
        // they retire: a second (well within the 6 s step) lets the step take before sampling it.
        Thread.sleep(1500);
        int first = answeredByV2(100);
        DaemonProcess.await(Duration.ofSeconds(30), "the 70% step", () -> stage.upstreamFile().contains("weight=70 max_fails=0"));
        Thread.sleep(1500);
        int second = answeredByV2(100);
        PassResult r = pass.join();
        assertTrue(r.ok(), r + "\n" + String.join("\n", stage.progress));
        assertTrue(first >= 5 && first <= 40, "about 20 of 100 at the 20% step: " + first);
        assertTrue(second >= 50 && second <= 90, "about 70 of 100 at the 70% step: " + second);
        assertEquals(100, answeredByV2(100), "all traffic after the switch");
        assertFalse(stage.container(Colour.BLUE).orElseThrow().running(), "the old colour stopped after the bake");
        System.out.println("[figures] canary: " + first + "/100 at 20%, " + second + "/100 at 70%");
    }

    @Test
    void aFailingStepSendsAllTrafficBackToTheOldColour() {
        servingV1("canary-fail", "{steps: [50], stepDuration: 60s}");
        stage.desire("broken-routes");
        PassResult r;
        try (Load load = new Load(stage.nginx.url(""), 4)) {
            r = stage.pass();
        }
        PassResult.AppResult app = r.apps().get(0);
        assertEquals(AppOutcome.FLIPPED_BACK, app.outcome(), app.detail());
        assertTrue(app.detail().contains("failed its canary step 50%"), app.detail());
        assertEquals("v1", stage.serving());
        assertFalse(stage.upstreamFile().contains("cutover-canary"), "no weights left: " + stage.upstreamFile());
        assertTrue(stage.upstreamFile().contains("live=blue"));
        assertTrue(stage.container(Colour.GREEN).isEmpty(), "the canary is removed");
    }
}

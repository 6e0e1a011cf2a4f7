package dev.cutover.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.desired.Bake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrafficJudgeTest {
    static final String NEW = "127.0.0.1:4001";
    static final String OLD = "127.0.0.1:4000";
    static final Bake BAKE = new Bake(Duration.ofSeconds(30), 5, 3, Duration.ofSeconds(10), 3, 20);

    /** {@code n} requests answered by {@code address} with {@code status} in {@code millis}. */
    static List<Request> answered(int n, String address, int status, long millis) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Request(1000 + i, "app", status, List.of(new Request.Attempt(address, status, millis))));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // case; new ok; new failed; new ms; old ok; old failed; old ms; verdict
            "no traffic at all; 0; 0; 5; 0; 0; 5; good",
            "all answered well; 100; 0; 5; 100; 0; 5; good",
            "two failures are below the minimum; 10; 2; 5; 100; 0; 5; good",
            "three failures in twenty; 17; 3; 5; 100; 0; 5; bad",
            "errors the old colour made as often; 90; 10; 5; 90; 10; 5; good",
            "errors beyond the old colour's share plus 5 points; 80; 20; 5; 90; 10; 5; bad",
            "every request failing; 0; 5; 5; 100; 0; 5; bad",
            "slower but within the slack; 50; 0; 200; 50; 0; 5; good",
            "four times slower and 300ms more; 50; 0; 400; 50; 0; 100; bad",
            "slow but too few requests to judge latency; 10; 0; 4000; 50; 0; 100; good",
            "slow with no yardstick from before; 50; 0; 4000; 0; 0; 100; good",
    })
    void theNewColourIsJudgedAgainstWhatTheOldOneShowedBeforeTheSwitch(String why, int ok, int failed, long ms, int oldOk,
                                                                     int oldFailed, long oldMs, String verdict) {
        List<Request> window = new ArrayList<>(answered(ok, NEW, 200, ms));
        window.addAll(answered(failed, NEW, 500, ms));
        window.addAll(answered(7, OLD, 500, 1)); // the old colour's requests after the switch are not the new one's
        List<Request> before = new ArrayList<>(answered(oldOk, OLD, 200, oldMs));
        before.addAll(answered(oldFailed, OLD, 503, oldMs));
        TrafficJudge.Verdict v = TrafficJudge.judge(window, "app", NEW, Baseline.of(before, "app", List.of(OLD)), BAKE, "blue");
        assertEquals(verdict, v instanceof TrafficJudge.Verdict.Bad ? "bad" : "good", why + ": " + v);
        assertEquals(ok + failed, v.numbers().requests());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "refused, then answered by the backup; 502; 200",
            "timed out on the new colour; 504; 504",
    })
    void anUpstreamErrorOnTheNewColourCountsAgainstItEvenWhenTheBackupSavedTheRequest(String why, int newStatus, int clientStatus) {
        List<Request> window = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            window.add(new Request(1000 + i, "app", clientStatus,
                    List.of(new Request.Attempt(NEW, newStatus, 0), new Request.Attempt(OLD, 200, 3))));
        }
        TrafficJudge.Verdict v = TrafficJudge.judge(window, "app", NEW, Baseline.NONE, BAKE, "blue");
        assertTrue(v instanceof TrafficJudge.Verdict.Bad bad && bad.reason().contains("5 of 5 requests failed (100.0%)"), v.toString());
    }

    @org.junit.jupiter.api.Test
    void failuresThatStartSuddenlyAreCaughtInTheLastSecondBeforeTheyOutweighTheWholeWindow() {
        List<Request> window = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            window.add(new Request(1000 + i * 8, "app", 200, List.of(new Request.Attempt(NEW, 200, 2))));
        }
        for (int i = 0; i < 3; i++) {
            window.add(new Request(10_000 + i, "app", 500, List.of(new Request.Attempt(NEW, 500, 2))));
        }
        TrafficJudge.Verdict v = TrafficJudge.judge(window, "app", NEW, Baseline.NONE, BAKE, "blue");
        assertTrue(v instanceof TrafficJudge.Verdict.Bad bad && bad.reason().contains("in the last second"), v.toString());
    }

    @ParameterizedTest
    @CsvSource({"other_app"})
    void requestsForAnotherUpstreamAreNotJudged(String upstream) {
        List<Request> window = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            window.add(new Request(i, upstream, 500, List.of(new Request.Attempt(NEW, 500, 1))));
        }
        assertEquals(0, TrafficJudge.judge(window, "app", NEW, Baseline.NONE, BAKE, "blue").numbers().requests());
    }
}

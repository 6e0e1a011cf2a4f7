package dev.cutover.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SteadyRefusalTest {
    /** Answers as "status@milliseconds" in order; the expected verdict after each. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "a steady 404 ends the gate after 3 s          | 404@0 404@1000 404@2999 404@3000   | F F F T",
            "a steady 500 ends it too                       | 500@0 500@3500                     | F T",
            "503 while starting never counts                | 503@0 503@5000 503@9000            | F F F",
            "502, 504 and 429 never count                   | 502@0 504@4000 429@8000            | F F F",
            "no answer at all never counts                  | 0@0 0@5000                         | F F",
            "a 2xx starts the count again                   | 404@0 200@2000 404@2500 404@5000   | F F F F",
            "a different refusal starts the count again     | 404@0 500@2000 500@4000 500@5000   | F F F T",
            "a not-ready answer between resets the count    | 404@0 503@2000 404@2500 404@5600   | F F F T",
            "a redirect is a refusal (it is not 2xx)        | 302@0 302@3000                     | F T",
    })
    void onlyTheSameRefusalHeldForThreeSecondsEndsTheGate(String what, String answers, String verdicts) {
        SteadyRefusal r = new SteadyRefusal();
        List<String> got = new ArrayList<>();
        for (String a : answers.trim().split("\\s+")) {
            String[] sm = a.split("@");
            got.add(r.observe(Integer.parseInt(sm[0]), Long.parseLong(sm[1]) * 1_000_000L) ? "T" : "F");
        }
        assertEquals(verdicts.trim(), String.join(" ", got));
    }
}

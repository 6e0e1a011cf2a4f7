package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.reconcile.PassResult;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncCommandTest {
    @ParameterizedTest(name = "[{index}] ''{0}'' names {1}")
    @CsvSource(delimiter = '|', value = {
            "result: converged                               | CONVERGED",
            "result: changed                                 | CHANGED",
            "result: paused: paused: 3 step(s) would converge | PAUSED",
            "result: failed: web: health: v9 failed its gate | FAILED",
            "result: stalled: web: stalled: result: converged | STALLED",
            "  web: done switch in 0.40s                     | ",
            "result: converged-ish                           | ",
            "''                                              | ",
    })
    void theLastLineOfTheStreamNamesTheOutcomeOrNothing(String line, PassResult.Outcome expected) {
        assertEquals(Optional.ofNullable(expected), SyncCommand.outcomeOf(line.strip()));
    }
}

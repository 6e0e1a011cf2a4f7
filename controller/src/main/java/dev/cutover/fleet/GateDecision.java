package dev.cutover.fleet;

import java.util.List;

/** Whether a server may deploy a rollout's tag of one app now. */
public sealed interface GateDecision permits GateDecision.Go, GateDecision.Wait, GateDecision.Halted {
    /** One line for people: why, or what was passed over (a silent server). */
    String why();

    /**
     * Deploy now.
     *
     * @param passedOver servers of earlier waves not waited for because they were silent beyond the timeout
     */
    record Go(String why, List<String> passedOver) implements GateDecision {
        public Go {
            passedOver = List.copyOf(passedOver);
        }

        public Go(String why) {
            this(why, List.of());
        }
    }

    /** An earlier wave has not served the tag long enough yet: keep what runs, ask again next pass. */
    record Wait(String why) implements GateDecision {
    }

    /** Some server failed the tag: keep what runs until a new commit changes the rollout. */
    record Halted(String why) implements GateDecision {
    }
}

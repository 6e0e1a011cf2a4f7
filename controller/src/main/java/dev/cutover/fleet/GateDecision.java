package dev.cutover.fleet;

/** Whether a server may deploy a rollout's tag of one app now. */
public sealed interface GateDecision permits GateDecision.Go, GateDecision.Wait, GateDecision.Halted {
    /** One line for people: why, or what was passed over (a silent server). */
    String why();

    /** Deploy now. */
    record Go(String why) implements GateDecision {
    }

    /** An earlier wave has not served the tag long enough yet: keep what runs, ask again next pass. */
    record Wait(String why) implements GateDecision {
    }

    /** Some server failed the tag: keep what runs until a new commit changes the rollout. */
    record Halted(String why) implements GateDecision {
    }
}

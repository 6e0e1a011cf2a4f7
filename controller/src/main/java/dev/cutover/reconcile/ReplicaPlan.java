package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ManagedContainer;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The replicas of a colour beyond its first (pure): which are missing or not of the desired
 * spec (started in place, a crashed one included), and which are beyond the desired count
 * (drained and removed once the upstream no longer lists them). Scaling alone never needs a
 * new colour.
 */
final class ReplicaPlan {
    private ReplicaPlan() {
    }

    /** Replicas 1 to {@code replicas - 1} of colour {@code c} that do not run the spec {@code hash}. */
    static List<Integer> missing(DesiredApp d, ActualApp a, Colour c, String hash) {
        return IntStream.range(1, d.spec().replicas())
                .filter(i -> a.extras(c).stream().noneMatch(m -> m.replica() == i && m.running() && hash.equals(m.specHash())))
                .boxed().toList();
    }

    /** Containers of colour {@code c} numbered at or beyond the desired count of replicas. */
    static List<ManagedContainer> beyond(DesiredApp d, ActualApp a, Colour c) {
        return a.extras(c).stream().filter(m -> m.replica() >= d.spec().replicas()).toList();
    }

    /** Drains each running one, then stops and removes them all (only a colour's first container is kept for rollback). */
    static void retire(DesiredApp d, Colour c, List<ManagedContainer> extras, List<Action> actions) {
        if (extras.isEmpty()) {
            return;
        }
        extras.stream().filter(ManagedContainer::running).forEach(m -> actions.add(new Action.Drain(d, c, m.id())));
        actions.add(new Action.RemoveReplicas(d.name(), c, extras.stream().map(ManagedContainer::id).toList(), d.spec().stopTimeout()));
    }

    /** Replicas 1 to {@code replicas - 1}: the ones a new colour starts after its first. */
    static List<Integer> beyondFirst(DesiredApp d) {
        return IntStream.range(1, d.spec().replicas()).boxed().toList();
    }
}

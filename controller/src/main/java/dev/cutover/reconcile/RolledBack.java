package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.nginx.UpstreamFile;
import java.util.List;
import java.util.Optional;

/**
 * The planner's view of an app that {@code cutover rollback} pinned (see {@link UpstreamFile#pin}).
 * While git's spec for the app is still the one rolled back from, the version put back is what
 * should serve: the app counts as converged there (with drift, since git says otherwise), and
 * only repairs that keep it serving are planned. Once the desired state changes, the pin no
 * longer matches and the app is deployed as usual; that deploy's new upstream file drops it.
 */
final class RolledBack {
    private RolledBack() {
    }

    /**
     * Adds the steps that keep a pinned app on its rolled-back colour, and says where it stands;
     * empty when the app is not pinned against {@code hash} (git's spec), or when the pin has
     * nothing left to hold (the rolled-back container is gone, or it runs git's spec after all).
     */
    static Optional<AppStatus> plan(DesiredApp d, ActualApp a, String hash, String probe, List<Action> actions) {
        Optional<Colour> live = a.live();
        if (!a.pinned().equals(Optional.of(hash)) || live.isEmpty()) {
            return Optional.empty();
        }
        Colour c = live.get();
        Optional<ManagedContainer> held = a.container(c);
        if (held.isEmpty() || hash.equals(held.get().specHash())) {
            return Optional.empty();
        }
        ManagedContainer m = held.get();
        String state = "rolled back to " + m.tag() + " on " + c.label() + " by `cutover rollback`; git says " + d.tag()
                + "; a change to the desired state lifts the pin";
        // Its replicas are copies of it (only a colour's first is kept), so they run its spec.
        List<Integer> missing = ReplicaPlan.missing(d, a, c, m.specHash());
        if (!m.running()) {
            // Stopped by hand (a crash is restarted by Docker's restart policy): start it again, gated.
            actions.add(new Action.StartKept(d, c, m.id(), m.tag()));
            actions.add(new Action.AwaitHealthy(d, c));
            addCopies(d, c, m, missing, actions);
            actions.add(new Action.Pin(d, c, hash));
            state += "; " + m.tag() + " is stopped: start it again";
        } else if (!missing.isEmpty()) {
            addCopies(d, c, m, missing, actions);
            actions.add(new Action.Pin(d, c, hash));
            state += "; " + missing.size() + " replica(s) missing: start copies of it";
        } else if (!a.upstreamFile().equals(Optional.of(render(d, c, probe, hash)))
                || a.routedTo().filter(Plans.addresses(d, c)::contains).isEmpty()) {
            actions.add(new Action.Pin(d, c, hash));
            state += "; nginx does not route to it as pinned: rewrite and reload";
        }
        List<ManagedContainer> beyond = ReplicaPlan.beyond(d, a, c);
        if (!beyond.isEmpty()) {
            ReplicaPlan.retire(d, c, beyond, actions);
            state += "; " + beyond.size() + " replica(s) beyond " + d.spec().replicas() + ": drain and remove";
        }
        Optional<ManagedContainer> idle = a.container(c.other()).filter(ManagedContainer::running);
        if (idle.isPresent()) {
            // The version rolled back from still runs (an interrupted rollback, or started by hand).
            actions.add(new Action.Drain(d, c.other(), idle.get().id()));
            actions.add(new Action.StopColour(d.name(), c.other(), idle.get().id(), d.spec().stopTimeout()));
            state += "; idle " + c.other().label() + " is running: drain and stop";
        }
        if (!a.extras(c.other()).isEmpty()) {
            ReplicaPlan.retire(d, c.other(), a.extras(c.other()), actions);
            state += "; idle " + c.other().label() + " replicas are left: remove";
        }
        return Optional.of(new AppStatus(AppStatus.Reason.ROLLED_BACK, state));
    }

    private static void addCopies(DesiredApp d, Colour c, ManagedContainer held, List<Integer> missing, List<Action> actions) {
        if (!missing.isEmpty()) {
            actions.add(Action.StartReplicas.copying(d, c, missing, held.id()));
        }
    }

    /** The upstream file for {@code live} serving, pinned against the desired spec hash {@code pin}. */
    static String render(DesiredApp d, Colour live, String probe, String pin) {
        return UpstreamFile.pinned(Planner.render(d, live, probe), pin);
    }
}

package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.nginx.UpstreamFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure heart of reconciling: from what git wants and what runs, the steps that converge
 * them. No I/O, so it is tested with tables, and {@code cutover diff} prints exactly what a
 * pass would do. A converged server plans nothing.
 */
public final class Planner {
    /**
     * The steps to take, a one-line state per app for people, and the apps whose desired spec
     * failed its gate and waits for a change (they plan nothing, but they are not converged).
     */
    public record Plan(List<Action> actions, Map<String, AppStatus> status) {
        public Plan {
            actions = List.copyOf(actions);
            status = Collections.unmodifiableMap(new LinkedHashMap<>(status));
        }

        /** Whether an app's spec failed its gate and waits for a change: it plans nothing, but is not converged. */
        public boolean stalled(String app) {
            AppStatus s = status.get(app);
            return s != null && s.reason() == AppStatus.Reason.STALLED;
        }

        public boolean isEmpty() {
            return actions.isEmpty();
        }
    }

    private Planner() {
    }

    /**
     * @param revision the commit the desired state comes from (recorded on new containers)
     * @param stalled  per app, the spec hash of a deploy that failed its health gate: it is not
     *                 retried until the app's desired state changes
     * @param probe    the listen address of the probe server rendered into upstream files
     */
    public static Plan plan(DesiredState desired, String revision, Map<String, ActualApp> actual,
                            Map<String, String> stalled, String probe) {
        return plan(desired, revision, actual, stalled, Set.of(), probe);
    }

    /**
     * @param retryRelease apps whose release command failed for their desired spec and that
     *                     {@code cutover sync} asked to try again
     */
    public static Plan plan(DesiredState desired, String revision, Map<String, ActualApp> actual,
                            Map<String, String> stalled, Set<String> retryRelease, String probe) {
        List<Action> actions = new ArrayList<>();
        Map<String, AppStatus> status = new LinkedHashMap<>();
        for (DesiredApp d : desired.apps()) {
            ActualApp a = actual.getOrDefault(d.name(), new ActualApp(d.name(), Map.of(), Optional.empty(), Optional.empty()));
            AppStatus web = planApp(d, a, revision, stalled.get(d.name()), retryRelease.contains(d.name()), probe, actions);
            boolean blocked = web.reason() == AppStatus.Reason.STALLED || web.reason() == AppStatus.Reason.ROLLED_BACK;
            // Workers move once the web process is where git wants it (or on its way there, in the same steps).
            if (!blocked) {
                int before = actions.size();
                WorkerPlanner.Workers workers = WorkerPlanner.plan(d, a, revision, stalled, actions);
                web = WorkerPlanner.combine(web, workers, actions.size() > before);
            }
            status.put(d.name(), web);
        }
        for (ActualApp a : actual.values()) {
            if (desired.app(a.app()).isEmpty()) {
                List<String> ids = new ArrayList<>(a.containers().values().stream().map(ManagedContainer::id).toList());
                a.kept().values().forEach(k -> ids.add(k.id()));
                a.release().ifPresent(r -> ids.add(r.id()));
                a.workers().forEach(w -> ids.add(w.id()));
                a.extras().values().forEach(list -> list.forEach(m -> ids.add(m.id())));
                actions.add(new Action.RemoveApp(a.app(), a.upstream(), ids));
                status.put(a.app(), new AppStatus(AppStatus.Reason.REMOVING, "not desired here any more: remove"));
            }
        }
        return new Plan(actions, status);
    }

    private static AppStatus planApp(DesiredApp d, ActualApp a, String revision, String stalledHash, boolean retryRelease,
                                  String probe, List<Action> actions) {
        String hash = Plans.specHash(d);
        Optional<AppStatus> rolledBack = RolledBack.plan(d, a, hash, probe, actions);
        if (rolledBack.isPresent()) {
            // `cutover rollback` holds this app on an older version until its desired state changes.
            return rolledBack.get();
        }
        Optional<Colour> live = a.live();
        Optional<Colour> servingDesired = live.filter(c -> runsHash(a, c, hash));
        if (servingDesired.isEmpty() && live.isEmpty()) {
            // No (readable) upstream file, but the desired spec runs: point nginx at it again.
            servingDesired = List.of(Colour.BLUE, Colour.GREEN).stream().filter(c -> runsHash(a, c, hash)).findFirst();
        }
        if (servingDesired.isPresent()) {
            Colour c = servingDesired.get();
            String state = d.tag() + " live on " + c.label();
            int before = actions.size();
            String expected = render(d, c, probe);
            String liveAddress = Plans.address(d) + ":" + Plans.port(d, c);
            List<Integer> missing = ReplicaPlan.missing(d, a, c, hash);
            if (!missing.isEmpty()) {
                // Before the upstream lists them: a replica takes requests only once it is healthy.
                actions.add(new Action.StartReplicas(d, c, missing, revision));
                state += "; " + missing.size() + " replica(s) missing: start";
            }
            if (!a.upstreamFile().equals(Optional.of(expected))) {
                actions.add(new Action.RepairUpstream(d, c));
                state += "; upstream file differs: rewrite";
            } else if (a.routedTo().filter(Plans.addresses(d, c)::contains).isEmpty()) {
                actions.add(new Action.RepairUpstream(d, c));
                state += "; nginx routes to " + a.routedTo().orElse("nothing") + ", not " + liveAddress + ": reload";
            }
            List<ManagedContainer> beyond = ReplicaPlan.beyond(d, a, c);
            if (!beyond.isEmpty()) {
                // After the rewrite above: nginx no longer sends them anything.
                ReplicaPlan.retire(d, c, beyond, actions);
                state += "; " + beyond.size() + " replica(s) beyond " + d.spec().replicas() + ": drain and remove";
            }
            boolean idleUnfinished = false;
            // Removed last: should a bake that restarts here flip back, the older version stays.
            List<Action> afterwards = new ArrayList<>();
            for (Colour colour : Colour.values()) {
                Optional<ManagedContainer> setAside = a.kept(colour);
                if (setAside.isEmpty()) {
                    continue;
                }
                Optional<ManagedContainer> inSlot = a.container(colour);
                if (colour == c) {
                    // The deploy it made room for took traffic: the colour now kept is newer.
                    afterwards.add(new Action.RemoveKept(d.name(), colour, setAside.get().id()));
                    state += "; an older kept " + colour.label() + " is left over: remove";
                    continue;
                }
                if (inSlot.isPresent()) {
                    // The idle slot holds what an interrupted deploy started and never switched to.
                    idleUnfinished = true;
                    if (inSlot.get().running()) {
                        actions.add(new Action.Drain(d, colour, inSlot.get().id()));
                    }
                    actions.add(new Action.RemoveUnfinished(d.name(), colour, inSlot.get().id()));
                }
                actions.add(new Action.RestoreKept(d.name(), colour, setAside.get().id()));
                state += "; the kept " + colour.label() + " was set aside by an unfinished deploy: put back";
            }
            Optional<ManagedContainer> idle = idleUnfinished ? Optional.empty()
                    : a.container(c.other()).filter(ManagedContainer::running);
            if (idle.isPresent()) {
                if (d.spec().bake().enabled() && !hash.equals(idle.get().specHash())) {
                    // A deploy was interrupted after its switch (or during its bake): the bake's
                    // verdict was never reached, so it starts again rather than being guessed.
                    actions.add(new Action.Bake(d, c, a.container(c).map(ManagedContainer::id), idle.get().id(),
                            a.extras(c).stream().filter(ManagedContainer::running).map(ManagedContainer::id).toList()));
                    state += "; " + c.other().label() + " still runs as backup: bake " + c.label() + " again";
                }
                // Drain first: after an interrupted cutover the old colour may still serve requests.
                actions.add(new Action.Drain(d, c.other(), idle.get().id()));
                actions.add(new Action.StopColour(d.name(), c.other(), idle.get().id(), d.spec().stopTimeout()));
                state += "; idle " + c.other().label() + " is running: drain and stop";
            }
            if (!a.extras(c.other()).isEmpty()) {
                ReplicaPlan.retire(d, c.other(), a.extras(c.other()), actions);
                state += "; idle " + c.other().label() + " replicas are left: remove";
            }
            actions.addAll(afterwards);
            return actions.size() > before ? new AppStatus(AppStatus.Reason.REPAIRING, state)
                    : new AppStatus(AppStatus.Reason.CONVERGED, state + ", converged");
        }
        String running = live.flatMap(a::container).map(m -> m.tag() + " on " + m.colour().label()
                + (m.running() ? "" : " (stopped)")).orElse("nothing live");
        Optional<AppStatus> releaseFailed = ReleasePlan.failed(d, a, hash, retryRelease, running);
        if (releaseFailed.isPresent()) {
            return releaseFailed.get();
        }
        if (hash.equals(stalledHash)) {
            return new AppStatus(AppStatus.Reason.STALLED,
                    "stalled: " + d.tag() + " failed its health gate or its bake; waiting for a change to the desired state (" + running + ")");
        }
        Colour target = live.map(Colour::other)
                .orElseGet(() -> a.container(Colour.BLUE).filter(ManagedContainer::running).isPresent() ? Colour.GREEN : Colour.BLUE);
        if (live.isPresent() && a.upstreamFile().map(UpstreamFile::isCanary).orElse(false)) {
            // A canary was interrupted: all traffic goes back to the live colour before the canary's slot is reused.
            actions.add(new Action.RepairUpstream(d, live.get()));
        }
        actions.add(new Action.Pull(d));
        // Before anything of the new version starts, and before the kept colour is set aside: a failure changes nothing.
        String release = ReleasePlan.plan(d, a, hash, revision, actions);
        a.container(target).filter(k -> !k.running()).filter(k -> a.kept(target).isEmpty())
                .ifPresent(k -> actions.add(new Action.SetAsideKept(d.name(), target, k.id())));
        actions.add(new Action.StartColour(d, target, revision));
        actions.add(new Action.AwaitHealthy(d, target));
        if (d.spec().replicas() > 1) {
            actions.add(new Action.StartReplicas(d, target, ReplicaPlan.beyondFirst(d), revision));
        }
        Optional<ManagedContainer> old = a.container(target.other()).filter(ManagedContainer::running);
        if (old.isPresent() && live.isPresent()) {
            d.spec().bake().canary().ifPresent(c -> c.steps().forEach(p -> actions.add(new Action.CanaryStep(d, target, p))));
        }
        actions.add(new Action.SwitchTraffic(d, target, live));
        if (old.isPresent()) {
            if (d.spec().bake().enabled()) {
                actions.add(new Action.Bake(d, target, Optional.empty(), old.get().id()));
            }
            actions.add(new Action.Drain(d, target.other(), old.get().id()));
            actions.add(new Action.StopColour(d.name(), target.other(), old.get().id(), d.spec().stopTimeout()));
        }
        ReplicaPlan.retire(d, target.other(), a.extras(target.other()), actions);
        actions.add(new Action.PruneImages(d));
        return new AppStatus(AppStatus.Reason.DEPLOYING, running + "; want " + d.tag() + ": " + release + "deploy to " + target.label());
    }

    /** The upstream file content for {@code live} serving and the other colour as backup. */
    public static String render(DesiredApp d, Colour live, String probe) {
        return UpstreamFile.render(d.name(), d.spec().upstream(), live, Plans.address(d),
                d.spec().ports(Plans.port(d, live)), d.spec().ports(Plans.port(d, live.other())), probe, d.spec().keepalive());
    }

    private static boolean runsHash(ActualApp a, Colour c, String hash) {
        return a.container(c).filter(m -> m.running() && hash.equals(m.specHash())).isPresent();
    }
}

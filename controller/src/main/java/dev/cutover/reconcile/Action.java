package dev.cutover.reconcile;

import java.util.List;
import java.time.Duration;
import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Worker;
import java.util.Optional;

/**
 * One step the planner asks for. The applier runs an app's steps in order, one at a time
 * (different apps' steps side by side); when a step of an app fails, that app's remaining
 * steps are skipped.
 */
public sealed interface Action {
    String app();

    /** The stage this step's duration is reported under. */
    String stage();

    /** One line for diff output and logs. */
    String describe();

    record Pull(DesiredApp desired) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "pull"; }
        public String describe() { return "pull " + desired.imageRef(); }
    }

    /**
     * Run the app's release command once for this deploy, before its new colour starts; or,
     * when {@code runningId} names the release container of this spec still running (Cutover
     * was restarted while it ran), wait for that one and take its exit code instead.
     */
    record RunRelease(DesiredApp desired, String revision, Optional<String> runningId) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "release"; }
        public String describe() {
            return runningId.isPresent() ? "wait for the release command of " + desired.tag() + " already running"
                    : "run the release command of " + desired.tag() + " (up to " + desired.spec().release().orElseThrow().timeout().toSeconds() + "s)";
        }
    }

    /** Replace whatever holds {@code colour} with a new container of the desired spec, and start it. */
    record StartColour(DesiredApp desired, Colour colour, String revision) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "start"; }
        public String describe() { return "start " + desired.imageRef() + " as " + colour.label(); }
    }

    /**
     * Start replicas {@code replicas} (each 1 or more) of a colour, each on its own port and gated
     * like the first, replacing whatever of this server's holds their names.
     */
    record StartReplicas(DesiredApp desired, Colour colour, List<Integer> replicas, String revision, Optional<String> copyOf)
            implements Action {
        /** Replicas of the desired spec. */
        public StartReplicas(DesiredApp desired, Colour colour, List<Integer> replicas, String revision) {
            this(desired, colour, replicas, revision, Optional.empty());
        }

        /** Replicas copied from container {@code copyOf}: a colour that runs an older version than the desired one (a rollback). */
        static StartReplicas copying(DesiredApp desired, Colour colour, List<Integer> replicas, String copyOf) {
            return new StartReplicas(desired, colour, replicas, "", Optional.of(copyOf));
        }

        public String app() { return desired.name(); }
        public String stage() { return "start"; }
        public String describe() {
            return "start " + copyOf.map(id -> "copies of the " + colour.label() + " container").orElse(desired.imageRef()) + " as "
                    + colour.label() + " replica(s) " + replicas.stream().map(i -> "#" + (i + 1)).toList() + " and wait until each is healthy";
        }
    }

    /** Replicas of a colour beyond the first: stopped and removed (only the first is kept for a rollback). */
    record RemoveReplicas(String app, Colour colour, List<String> ids, Duration grace) implements Action {
        public String stage() { return "stop"; }
        public String describe() { return "stop and remove " + ids.size() + " more " + colour.label() + " replica(s)"; }
    }

    /** Start the kept (stopped) container of {@code colour} again, for a rollback. */
    record StartKept(DesiredApp desired, Colour colour, String containerId, String tag) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "start"; }
        public String describe() { return "start kept " + colour.label() + " (" + tag + ")"; }
    }

    record AwaitHealthy(DesiredApp desired, Colour colour) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "health"; }
        public String describe() { return "wait until " + colour.label() + " is healthy on :" + Plans.port(desired, colour); }
    }

    /** Point nginx at {@code to}; {@code from} becomes the backup. */
    record SwitchTraffic(DesiredApp desired, Colour to, Optional<Colour> from) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "switch"; }
        public String describe() { return "switch upstream " + desired.spec().upstream() + " to " + to.label(); }
    }

    /**
     * Watch the live colour with real traffic while the old one keeps running as its backup;
     * flip back to the old one if the live one fails. {@code liveContainerId} is empty when the
     * live colour is started by an earlier step of the same pass; {@code liveReplicaIds} are the
     * live colour's other replicas when it was not (watched too, and removed with it on a flip-back).
     */
    record Bake(DesiredApp desired, Colour live, Optional<String> liveContainerId, String oldContainerId,
                List<String> liveReplicaIds) implements Action {
        public Bake {
            liveReplicaIds = List.copyOf(liveReplicaIds);
        }

        /** A bake of a colour of one container. */
        public Bake(DesiredApp desired, Colour live, Optional<String> liveContainerId, String oldContainerId) {
            this(desired, live, liveContainerId, oldContainerId, List.of());
        }

        public String app() { return desired.name(); }
        public String stage() { return "bake"; }
        public String describe() {
            return "bake " + live.label() + " for " + desired.spec().bake().duration().toSeconds() + "s with " + live.other().label()
                    + " as backup";
        }
    }

    /** A canary step: the new colour gets {@code percent} of requests, judged like a bake for the step's duration. */
    record CanaryStep(DesiredApp desired, Colour canary, int percent) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "canary"; }
        public String describe() {
            return "canary " + canary.label() + " at " + percent + "% for "
                    + desired.spec().bake().canary().orElseThrow().stepDuration().toSeconds() + "s";
        }
    }

    record Drain(DesiredApp desired, Colour colour, String containerId) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "drain"; }
        public String describe() { return "drain " + colour.label() + " (up to " + desired.spec().drainTimeout().toSeconds() + "s)"; }
    }

    /** Stop a colour and keep it, stopped, for an instant rollback. */
    record StopColour(String app, Colour colour, String containerId, Duration grace) implements Action {
        public String stage() { return "stop"; }
        public String describe() { return "stop " + colour.label() + " (kept for rollback)"; }
    }

    record PruneImages(DesiredApp desired) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "prune"; }
        public String describe() { return "prune images of " + desired.spec().image() + " beyond " + desired.spec().keepImages(); }
    }

    /** The upstream file differs from what the live colour needs (edited by hand, or missing): rewrite it. */
    record RepairUpstream(DesiredApp desired, Colour live) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "switch"; }
        public String describe() { return "rewrite upstream " + desired.spec().upstream() + " for live " + live.label(); }
    }

    /**
     * Point nginx at the colour {@code cutover rollback} put back, and pin the app there (in its
     * upstream file) while git's spec for it still has the hash {@code specHash}.
     */
    record Pin(DesiredApp desired, Colour to, String specHash) implements Action {
        public String app() { return desired.name(); }
        public String stage() { return "switch"; }
        public String describe() {
            return "switch upstream " + desired.spec().upstream() + " to " + to.label() + " and pin it there until the desired state changes";
        }
    }

    /** Before a new version takes a slot: its stopped container (the rollback colour) moves aside, not away. */
    record SetAsideKept(String app, Colour colour, String containerId) implements Action {
        public String stage() { return "start"; }
        public String describe() { return "set the kept " + colour.label() + " aside"; }
    }

    /** A container set aside during a deploy that did not finish: back to its colour's name (nothing else holds it). */
    record RestoreKept(String app, Colour colour, String containerId) implements Action {
        public String stage() { return "stop"; }
        public String describe() { return "put the kept " + colour.label() + " back for rollback"; }
    }

    /** What an interrupted deploy started in the idle slot and never switched to: removed to make way for the kept one. */
    record RemoveUnfinished(String app, Colour colour, String containerId) implements Action {
        public String stage() { return "stop"; }
        public String describe() { return "remove the unfinished " + colour.label(); }
    }

    /** A container set aside for a deploy that took traffic: an older version than the one now kept. */
    record RemoveKept(String app, Colour colour, String containerId) implements Action {
        public String stage() { return "stop"; }
        public String describe() { return "remove the older kept " + colour.label(); }
    }

    /**
     * Replace a worker process's containers ({@code oldIds}, perhaps none) with one of the
     * desired spec: start the new one, let it settle, then stop the old; a singleton's old one
     * is stopped first. A new one that does not settle is removed and the old one runs on.
     * {@code resume} is a new one of the desired spec that an interrupted deploy left running
     * beside the old: it is settled again (not started anew) before the old ones go.
     */
    record DeployWorker(DesiredApp desired, Worker worker, String revision, List<String> oldIds, Optional<String> resume)
            implements Action {
        DeployWorker(DesiredApp desired, Worker worker, String revision, List<String> oldIds) {
            this(desired, worker, revision, oldIds, Optional.empty());
        }

        public String app() { return desired.name(); }
        public String stage() { return "worker"; }
        public String describe() {
            return (resume.isPresent() ? "settle again the new worker " : "deploy worker ") + worker.name() + " at " + desired.tag()
                    + (worker.singleton() && !oldIds.isEmpty() ? " (singleton: the old one stops first)" : "");
        }
    }

    /** Containers of a worker process that is no longer desired (or left over beside the desired one): stop and remove them. */
    record RemoveWorkers(String app, String worker, List<String> ids, Duration grace) implements Action {
        public String stage() { return "worker"; }
        public String describe() { return "remove " + ids.size() + " container(s) of worker " + worker; }
    }

    /** The app is no longer desired here: remove its upstream, then its containers. */
    record RemoveApp(String app, Optional<String> upstream, List<String> containerIds) implements Action {
        public String stage() { return "remove"; }
        public String describe() {
            return "remove app " + app + upstream.map(u -> " (upstream " + u + ")").orElse("") + " and " + containerIds.size() + " container(s)";
        }
    }
}

package dev.cutover.desired;

import java.util.List;
import java.util.Optional;

/**
 * Everything one server should run, in the order its file lists the apps, and where it stands
 * in the rollouts (if any) that name it.
 */
public record DesiredState(String server, List<DesiredApp> apps, List<RolloutPlace> rollouts) {
    public DesiredState {
        apps = List.copyOf(apps);
        rollouts = List.copyOf(rollouts);
    }

    /** A server in no rollout. */
    public DesiredState(String server, List<DesiredApp> apps) {
        this(server, apps, List.of());
    }

    public Optional<DesiredApp> app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<RolloutPlace> rollout(String app) {
        return rollouts.stream().filter(r -> r.app().equals(app)).findFirst();
    }

    /** The same state with {@code apps} in place of its own (a rollout that holds an app back). */
    public DesiredState withApps(List<DesiredApp> replaced) {
        return new DesiredState(server, replaced, rollouts);
    }
}

package dev.cutover.desired;

import java.util.List;
import java.util.Optional;

/** Everything one server should run, in the order its file lists the apps. */
public record DesiredState(String server, List<DesiredApp> apps) {
    public DesiredState {
        apps = List.copyOf(apps);
    }

    public Optional<DesiredApp> app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}

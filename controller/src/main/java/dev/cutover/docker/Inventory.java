package dev.cutover.docker;

import java.util.List;

/** What Cutover has running (or stopped) on the engine for one server, by role. */
public record Inventory(List<ManagedContainer> colours, List<ReleaseContainer> releases, List<WorkerContainer> workers) {
    public Inventory {
        colours = List.copyOf(colours);
        releases = List.copyOf(releases);
        workers = List.copyOf(workers);
    }
}

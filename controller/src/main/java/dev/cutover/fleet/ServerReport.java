package dev.cutover.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one server publishes about itself ({@code refs/cutover/status/<server>}): when it last
 * reported, the commit it acts on, and each of its apps.
 */
public record ServerReport(String server, Instant at, String revision, List<AppReport> apps) {
    public ServerReport {
        apps = List.copyOf(apps);
    }

    public Optional<AppReport> app(String name) {
        return apps.stream().filter(a -> a.app().equals(name)).findFirst();
    }

    /** The same report but for its time: what a heartbeat compares. */
    public boolean sameAs(ServerReport other) {
        return other != null && server.equals(other.server) && revision.equals(other.revision) && apps.equals(other.apps);
    }
}

package dev.cutover.reconcile;

import dev.cutover.nginx.UpstreamFile;
import dev.cutover.common.Colour;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.docker.ReleaseContainer;
import dev.cutover.docker.WorkerContainer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs for one app: its containers by colour, its upstream file, and where nginx
 * actually routes it (host:port, asked through the probe server; empty when nginx did not
 * answer). The live colour is what the file says, never a guess from which containers run.
 * {@code release} is the container the app's last release command ran in (kept after it exits);
 * {@code workers} are its worker processes' containers.
 */
public record ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                        Optional<String> upstreamFile, Optional<String> routedTo, Map<Colour, ManagedContainer> kept,
                        Optional<ReleaseContainer> release, List<WorkerContainer> workers,
                        Map<Colour, List<ManagedContainer>> extras) {
    public ActualApp {
        containers = Map.copyOf(containers);
        kept = Map.copyOf(kept);
        workers = List.copyOf(workers);
        extras = Map.copyOf(extras);
    }

    /** An app of one container per colour. */
    public ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                     Optional<String> upstreamFile, Optional<String> routedTo, Map<Colour, ManagedContainer> kept,
                     Optional<ReleaseContainer> release, List<WorkerContainer> workers) {
        this(app, containers, upstream, upstreamFile, routedTo, kept, release, workers, Map.of());
    }

    /** A colour's replicas beyond the first (the one {@link #container} gives), in no order. */
    public List<ManagedContainer> extras(Colour c) {
        return extras.getOrDefault(c, List.of());
    }

    /** An app without worker containers. */
    public ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                     Optional<String> upstreamFile, Optional<String> routedTo, Map<Colour, ManagedContainer> kept,
                     Optional<ReleaseContainer> release) {
        this(app, containers, upstream, upstreamFile, routedTo, kept, release, List.of());
    }

    /**
     * @param kept per colour, a stopped container set aside under {@link Plans#keptName} while
     *             a new version was tried in its slot; no release container
     */
    public ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                     Optional<String> upstreamFile, Optional<String> routedTo, Map<Colour, ManagedContainer> kept) {
        this(app, containers, upstream, upstreamFile, routedTo, kept, Optional.empty());
    }

    /**
     * @param kept per colour, a stopped container set aside under {@link Plans#keptName} while
     *             a new version was tried in its slot
     */
    public ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                     Optional<String> upstreamFile, Optional<String> routedTo) {
        this(app, containers, upstream, upstreamFile, routedTo, Map.of());
    }

    /** An app as found before nginx's routing is known (or where it does not matter). */
    public ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                     Optional<String> upstreamFile) {
        this(app, containers, upstream, upstreamFile, Optional.empty());
    }

    public Optional<ManagedContainer> container(Colour c) {
        return Optional.ofNullable(containers.get(c));
    }

    public Optional<ManagedContainer> kept(Colour c) {
        return Optional.ofNullable(kept.get(c));
    }

    /** The live colour's container, when it runs. */
    public Optional<ManagedContainer> liveRunning() {
        return live().flatMap(this::container).filter(ManagedContainer::running);
    }

    public Optional<Colour> live() {
        return upstreamFile.flatMap(f -> UpstreamFile.liveColour(f, app));
    }

    /** The spec hash of the desired state {@code cutover rollback} pinned this app against, if its file holds a pin. */
    public Optional<String> pinned() {
        return upstreamFile.flatMap(f -> UpstreamFile.pin(f, app));
    }
}

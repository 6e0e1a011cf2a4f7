package dev.cutover.reconcile;

import dev.cutover.docker.ManagedContainer;
import java.util.Map;
import java.util.Optional;

/**
 * What runs for one app: its containers by colour, and its upstream file as nginx has it.
 * The live colour is what that file says, never a guess from which containers run.
 */
public record ActualApp(String app, Map<Colour, ManagedContainer> containers, Optional<String> upstream,
                        Optional<String> upstreamFile) {
    public ActualApp {
        containers = Map.copyOf(containers);
    }

    public Optional<ManagedContainer> container(Colour c) {
        return Optional.ofNullable(containers.get(c));
    }

    public Optional<Colour> live() {
        return upstreamFile.flatMap(f -> dev.cutover.nginx.UpstreamFile.liveColour(f, app));
    }
}

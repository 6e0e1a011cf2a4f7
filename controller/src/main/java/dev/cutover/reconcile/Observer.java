package dev.cutover.reconcile;

import java.util.TreeSet;
import java.util.Set;
import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredState;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.Inventory;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.docker.ReleaseContainer;
import dev.cutover.docker.WorkerContainer;
import java.util.ArrayList;
import java.util.List;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.nginx.UpstreamFile;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads what actually runs: labelled containers from Docker, upstream files from nginx's folder. */
public final class Observer {
    private final ContainerEngine docker;
    private final TrafficRouter nginx;

    public Observer(ContainerEngine docker, TrafficRouter nginx) {
        this.docker = docker;
        this.nginx = nginx;
    }

    /** Every app that is desired here or that Cutover has left traces of, by name. */
    public Map<String, ActualApp> observe(DesiredState desired) {
        Map<String, Map<Colour, ManagedContainer>> containers = new HashMap<>();
        Map<String, Map<Colour, ManagedContainer>> kept = new HashMap<>();
        Map<String, String> upstreams = new HashMap<>();
        Map<String, Map<Colour, List<ManagedContainer>>> extras = new HashMap<>();
        Inventory inventory = docker.inventory(desired.server());
        for (ManagedContainer c : inventory.colours()) {
            if (c.replica() > 0) {
                extras.computeIfAbsent(c.app(), k -> new HashMap<>()).computeIfAbsent(c.colour(), k -> new ArrayList<>()).add(c);
                continue;
            }
            boolean setAside = c.name().equals(Plans.keptName(c.app(), c.colour()));
            (setAside ? kept : containers).computeIfAbsent(c.app(), k -> new HashMap<>()).put(c.colour(), c);
            if (c.upstream() != null) {
                upstreams.putIfAbsent(c.app(), c.upstream());
            }
        }
        Map<String, ReleaseContainer> releases = new HashMap<>();
        for (ReleaseContainer r : inventory.releases()) {
            if (r.app() != null) {
                releases.put(r.app(), r);
            }
        }
        Map<String, List<WorkerContainer>> workers = new HashMap<>();
        for (WorkerContainer w : inventory.workers()) {
            if (w.app() != null && w.process() != null) {
                workers.computeIfAbsent(w.app(), k -> new ArrayList<>()).add(w);
            }
        }
        nginx.managedFiles().forEach(upstreams::putIfAbsent);
        desired.apps().forEach(d -> upstreams.put(d.name(), d.spec().upstream()));

        Map<String, ActualApp> actual = new HashMap<>();
        for (String app : union(union(union(union(union(containers.keySet(), kept.keySet()), upstreams.keySet()), releases.keySet()),
                workers.keySet()), extras.keySet())) {
            Optional<String> upstream = Optional.ofNullable(upstreams.get(app));
            Optional<String> file = upstream.flatMap(nginx::read);
            // Where nginx really routes: the file on disk can be ahead of what nginx has loaded.
            Optional<String> routedTo = file.flatMap(f -> UpstreamFile.liveColour(f, app)).isPresent()
                    ? desired.app(app).flatMap(d -> nginx.routedTo(app, d.spec().health().path()))
                    : Optional.empty();
            actual.put(app, new ActualApp(app, containers.getOrDefault(app, Map.of()), upstream, file, routedTo,
                    kept.getOrDefault(app, Map.of()), Optional.ofNullable(releases.get(app)), workers.getOrDefault(app, List.of()),
                    extras.getOrDefault(app, Map.of())));
        }
        return actual;
    }


    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}

package dev.cutover.reconcile;

import dev.cutover.desired.DesiredState;
import dev.cutover.docker.DockerEngine;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.nginx.Nginx;
import dev.cutover.nginx.UpstreamFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what actually runs: labelled containers from Docker, upstream files from nginx's folder. */
public final class Observer {
    private final DockerEngine docker;
    private final Nginx nginx;
    private final Path upstreamDir;

    public Observer(DockerEngine docker, Nginx nginx, Path upstreamDir) {
        this.docker = docker;
        this.nginx = nginx;
        this.upstreamDir = upstreamDir;
    }

    /** Every app that is desired here or that Cutover has left traces of, by name. */
    public Map<String, ActualApp> observe(DesiredState desired) {
        Map<String, Map<Colour, ManagedContainer>> containers = new HashMap<>();
        Map<String, String> upstreams = new HashMap<>();
        for (ManagedContainer c : docker.managedContainers(desired.server())) {
            containers.computeIfAbsent(c.app(), k -> new HashMap<>()).put(c.colour(), c);
            if (c.upstream() != null) {
                upstreams.putIfAbsent(c.app(), c.upstream());
            }
        }
        managedFiles().forEach(upstreams::putIfAbsent);
        desired.apps().forEach(d -> upstreams.put(d.name(), d.spec().upstream()));

        Map<String, ActualApp> actual = new HashMap<>();
        for (String app : union(containers.keySet(), upstreams.keySet())) {
            Optional<String> upstream = Optional.ofNullable(upstreams.get(app));
            Optional<String> file = upstream.flatMap(nginx::read);
            // Where nginx really routes: the file on disk can be ahead of what nginx has loaded.
            Optional<String> routedTo = file.flatMap(f -> UpstreamFile.liveColour(f, app)).isPresent()
                    ? desired.app(app).flatMap(d -> nginx.routedTo(app, d.spec().health().path()))
                    : Optional.empty();
            actual.put(app, new ActualApp(app, containers.getOrDefault(app, Map.of()), upstream, file, routedTo));
        }
        return actual;
    }

    /** Files in the upstream folder that carry Cutover's header: app name to upstream name. */
    private Map<String, String> managedFiles() {
        Map<String, String> out = new HashMap<>();
        if (!Files.isDirectory(upstreamDir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(upstreamDir)) {
            // Only regular files: a link or a FIFO planted in the folder is neither followed nor opened.
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                String name = f.getFileName().toString();
                UpstreamFile.app(Files.readString(f)).ifPresent(app -> out.put(app, name.substring(0, name.length() - 5)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + upstreamDir, e);
        }
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}

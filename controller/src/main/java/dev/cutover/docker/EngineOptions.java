package dev.cutover.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.cutover.common.ContainerOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ContainerOptions} in docker-java's terms. Mounts go through the engine's structured
 * mount API, never the {@code source:target:mode} text, so no path is ever parsed as options,
 * and a bind source that does not exist is an error instead of a folder the engine creates.
 */
final class EngineOptions {
    private EngineOptions() {
    }

    /** Cutover's labels win over an app's extra ones (which validation already keeps out of dev.cutover.). */
    static Map<String, String> labels(ContainerSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.options().labels());
        labels.putAll(spec.labels());
        return labels;
    }

    static void onCreate(CreateContainerCmd cmd, ContainerOptions o) {
        if (!o.command().isEmpty()) {
            cmd.withCmd(o.command());
        }
        if (!o.entrypoint().isEmpty()) {
            cmd.withEntrypoint(o.entrypoint());
        }
        if (!o.user().isEmpty()) {
            cmd.withUser(o.user());
        }
    }

    /** The host-side options; the first network replaces the default bridge, the others are joined before start. */
    static HostConfig onHost(HostConfig h, ContainerOptions o) {
        if (!o.volumes().isEmpty()) {
            h.withMounts(o.volumes().stream().map(EngineOptions::mount).toList());
        }
        if (!o.networks().isEmpty()) {
            h.withNetworkMode(o.networks().get(0));
        }
        if (o.memoryBytes() > 0) {
            h.withMemory(o.memoryBytes());
        }
        if (o.nanoCpus() > 0) {
            h.withNanoCPUs(o.nanoCpus());
        }
        o.logging().ifPresent(l -> h.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(l.driver()), l.options())));
        if (!o.extraHosts().isEmpty()) {
            h.withExtraHosts(o.extraHosts().toArray(String[]::new));
        }
        if (o.readOnly()) {
            h.withReadonlyRootfs(true);
        }
        if (!o.tmpfs().isEmpty()) {
            Map<String, String> tmpfs = new LinkedHashMap<>();
            // Writable by any user, like /tmp: an app that runs as a user of its own needs it with a read-only root.
            // (A folder that exists in the image keeps the image's owner and mode: the engine copies them up.)
            o.tmpfs().forEach(t -> tmpfs.put(t.path(), "mode=1777" + (t.sizeBytes() > 0 ? ",size=" + t.sizeBytes() : "")));
            h.withTmpFs(tmpfs);
        }
        return h;
    }

    static List<String> laterNetworks(ContainerOptions o) {
        return o.networks().size() > 1 ? o.networks().subList(1, o.networks().size()) : List.of();
    }

    private static Mount mount(ContainerOptions.Mount m) {
        return new Mount().withType(m.isBind() ? MountType.BIND : MountType.VOLUME)
                .withSource(m.source()).withTarget(m.target()).withReadOnly(m.readOnly());
    }
}

package dev.cutover.compose;

import java.util.Map;
import java.util.Set;

/**
 * Why a compose key has no counterpart in the desired state, and what to do instead. The
 * desired-state repository is trusted less than the host (see the design's trust model), so
 * much of what compose can ask for (host paths, networks, commands) is deliberately out of
 * its reach.
 */
final class UnmappedKeys {
    /** Service keys the import maps. */
    static final Set<String> MAPPED = Set.of("image", "ports", "environment", "restart", "healthcheck");
    /** Top-level keys that carry nothing to deploy. */
    static final Set<String> IGNORED_TOP_LEVEL = Set.of("services", "version", "name");

    private static final Map<String, String> SERVICE = Map.ofEntries(
            Map.entry("build", "Cutover deploys images from a registry: build and push in CI, then the tag in servers/SERVER.yaml says which one runs"),
            Map.entry("volumes", "write it as volumes in apps/APP.yaml yourself: named volumes as they are, bind mounts only under a folder the host config allows (allow.bindMounts)"),
            Map.entry("depends_on", "Cutover starts each app on its own; the health gate keeps traffic away until the app answers, so let it wait for what it needs"),
            Map.entry("networks", "write it as networks in apps/APP.yaml yourself: existing networks only, each named by the host config (allow.networks)"),
            Map.entry("network_mode", "containers run on Docker's default bridge network; the desired state cannot change it"),
            Map.entry("command", "write it as command in apps/APP.yaml (a list of arguments, never a shell string); a second process from the same image is a worker (workers)"),
            Map.entry("entrypoint", "write it as entrypoint in apps/APP.yaml (a list of arguments)"),
            Map.entry("working_dir", "set it in the image (WORKDIR)"),
            Map.entry("user", "write it as user in apps/APP.yaml"),
            Map.entry("env_file", "Cutover reads no env files: put plain variables under env in apps/APP.yaml, and secret ones in the host's secrets file (secretsFile), named under secrets"),
            Map.entry("secrets", "apps get secrets as environment variables from the host's secrets file (secretsFile), named under secrets in apps/APP.yaml"),
            Map.entry("container_name", "Cutover names containers cutover-APP-blue and cutover-APP-green"),
            Map.entry("labels", "write them as labels in apps/APP.yaml (Cutover's own dev.cutover.* labels cannot be set)"),
            Map.entry("expose", "only the published port matters: nginx reaches the app on its slots"));

    private static final Map<String, String> TOP_LEVEL = Map.of(
            "volumes", "Cutover creates a named volume when an app's volumes name it; nothing to declare",
            "networks", "the desired state joins existing networks only: create them on the host and name them in allow.networks",
            "secrets", "secret values belong in the host's secrets file (secretsFile), named under secrets in apps/<app>.yaml",
            "configs", "the desired state cannot mount files; bake configuration into the image or pass it as env");

    private UnmappedKeys() {
    }

    static String service(String key, String app, String server) {
        return SERVICE.getOrDefault(key, "Cutover has no equivalent").replace("APP", app).replace("SERVER", server);
    }

    static String topLevel(String key) {
        return TOP_LEVEL.getOrDefault(key, "Cutover has no equivalent");
    }
}

package dev.cutover.desired;

import dev.cutover.common.ContainerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * How to run one app, from {@code apps/<name>.yaml} with any per-server overrides applied.
 *
 * @param image        image repository, no tag
 * @param port         the port the app listens on inside its container
 * @param bluePort     host port of the blue slot
 * @param greenPort    host port of the green slot
 * @param bind         host address the slot ports are published on
 * @param env          plain environment variables
 * @param secrets      names of secrets whose values the controller host supplies
 * @param upstream     the nginx upstream Cutover manages for this app
 * @param keepImages   how many of this app's images to keep locally for rollbacks
 * @param bake         how the new colour is watched after the switch, the old one still running
 * @param container    command, volumes, networks, limits and the other container options
 * @param release      a command run once per deploy before the new colour starts, if any
 * @param workers      worker processes from the same image and tag, each with its own command
 * @param keepalive    idle connections nginx keeps open to the upstream's servers, per worker process; 0 for none
 * @param replicas     containers per colour; replica i of a colour listens on the colour's slot port + i
 */
public record AppSpec(
        String name,
        String image,
        int port,
        int bluePort,
        int greenPort,
        String bind,
        HealthCheck health,
        Duration drainTimeout,
        Duration stopTimeout,
        Map<String, String> env,
        List<String> secrets,
        String upstream,
        int keepImages,
        Bake bake,
        ContainerOptions container,
        Optional<Release> release,
        List<Worker> workers,
        int keepalive,
        int replicas) {
    public static final int MAX_REPLICAS = 16;

    public AppSpec {
        env = Map.copyOf(env);
        secrets = List.copyOf(secrets);
        workers = List.copyOf(workers);
    }

    /** An app of one container per colour. */
    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages, Bake bake, ContainerOptions container, Optional<Release> release,
                   List<Worker> workers, int keepalive) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, bake, container, release, workers, keepalive, 1);
    }

    /** The host ports of a colour's replicas, replica 0 first: its slot port, then the next ones up. */
    public List<Integer> ports(int slot) {
        return IntStream.range(slot, slot + replicas).boxed().toList();
    }

    /** An app without upstream keepalive. */
    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages, Bake bake, ContainerOptions container, Optional<Release> release,
                   List<Worker> workers) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, bake, container, release, workers, 0, 1);
    }

    /** An app without worker processes. */
    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages, Bake bake, ContainerOptions container, Optional<Release> release) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, bake, container, release, List.of());
    }

    /** An app with no bake and no container options beyond image, port, env and secrets. */
    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, Bake.OFF, ContainerOptions.NONE);
    }

    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages, Bake bake) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, bake, ContainerOptions.NONE);
    }

    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages, ContainerOptions container) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, Bake.OFF, container);
    }

    /** An app without a release command. */
    public AppSpec(String name, String image, int port, int bluePort, int greenPort, String bind, HealthCheck health,
                   Duration drainTimeout, Duration stopTimeout, Map<String, String> env, List<String> secrets,
                   String upstream, int keepImages, Bake bake, ContainerOptions container) {
        this(name, image, port, bluePort, greenPort, bind, health, drainTimeout, stopTimeout, env, secrets, upstream,
                keepImages, bake, container, Optional.empty());
    }
}

package dev.cutover.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.cutover.common.Colour;
import dev.cutover.common.ContainerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import dev.cutover.yaml.Excerpt;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every call Cutover makes to the Docker engine, through docker-java. Containers are found
 * by label, never by guessing from names alone.
 */
public final class DockerEngine implements ContainerEngine, AutoCloseable {
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClient client;
    private final DefaultDockerClientConfig config;
    /** Put before every name Cutover gives a container ({@code docker.namePrefix}); empty on a real server. */
    private final String namePrefix;

    /**
     * @param host      the engine endpoint, e.g. unix:///var/run/docker.sock
     * @param configDir folder of the Docker client's config.json (registry credentials), if any
     */
    public DockerEngine(String host, Optional<Path> configDir) {
        this(host, configDir, "");
    }

    /**
     * @param namePrefix put before every container name Cutover gives (all of which start with
     *                   {@code cutover-}), and taken off again in listings, so that several daemons can share one engine
     */
    public DockerEngine(String host, Optional<Path> configDir, String namePrefix) {
        this.namePrefix = namePrefix;
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host);
        configDir.ifPresent(dir -> b.withDockerConfig(dir.toString()));
        this.config = b.build();
        this.client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(5))
                // An engine that accepts a call and never answers (while it restarts) fails it in 30 s.
                .responseTimeout(Duration.ofSeconds(30))
                .build());
    }

    /** Every container Cutover manages for {@code server}, running or not. */
    @Override
    public List<ManagedContainer> managedContainers(String server) {
        return inventory(server).colours();
    }

    @Override
    public List<ReleaseContainer> releaseContainers(String server) {
        return inventory(server).releases();
    }

    @Override
    public List<WorkerContainer> workerContainers(String server) {
        return inventory(server).workers();
    }

    /** One listing of the server's labelled containers, sorted by role: a pass reads Docker once. */
    @Override
    public Inventory inventory(String server) {
        return call("list containers", () -> {
            List<ManagedContainer> colours = new ArrayList<>();
            List<ReleaseContainer> releases = new ArrayList<>();
            List<WorkerContainer> workers = new ArrayList<>();
            for (Container c : client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.SERVER, server)).exec()) {
                Map<String, String> l = c.getLabels();
                String role = l.getOrDefault(Labels.ROLE, "");
                if (role.equals(Labels.RELEASE)) {
                    releases.add(release(c, l));
                } else if (role.equals(Labels.WORKER)) {
                    workers.add(new WorkerContainer(c.getId(), nameOf(c), l.get(Labels.APP), l.get(Labels.PROCESS), l.get(Labels.TAG),
                            l.get(Labels.SPEC_HASH), "running".equals(c.getState())));
                } else {
                    colour(c, l).ifPresent(colours::add);
                }
            }
            return new Inventory(colours, releases, workers);
        });
    }

    /** A colour's container; empty when its colour label is not one (not ours in any shape we can act on). */
    private Optional<ManagedContainer> colour(Container c, Map<String, String> l) {
        Colour colour;
        try {
            colour = Colour.parse(l.getOrDefault(Labels.COLOUR, ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new ManagedContainer(c.getId(), nameOf(c), l.get(Labels.APP), colour, l.get(Labels.TAG),
                l.get(Labels.REVISION), l.get(Labels.SPEC_HASH), l.get(Labels.UPSTREAM), c.getImageId(),
                "running".equals(c.getState()), replica(l.get(Labels.REPLICA))));
    }

    private ReleaseContainer release(Container c, Map<String, String> l) {
        boolean running = "running".equals(c.getState()) || "restarting".equals(c.getState());
        // Only an exited one is inspected: its exit code is the release's verdict.
        Optional<Long> exit = running ? Optional.empty()
                : Optional.ofNullable(client.inspectContainerCmd(c.getId()).exec().getState().getExitCodeLong());
        return new ReleaseContainer(c.getId(), l.get(Labels.APP), l.get(Labels.TAG), l.get(Labels.REVISION),
                l.get(Labels.SPEC_HASH), running, exit);
    }

    /** Pulls an image, with credentials from the Docker config when it has some for that registry. */
    @Override
    public void pull(String repository, String tag) {
        call("pull " + repository + ":" + tag, true, () -> {
            boolean done = client.pullImageCmd(repository).withTag(tag)
                    .withAuthConfig(config.effectiveAuthConfig(repository + ":" + tag))
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                throw new IllegalStateException("timed out after " + PULL_TIMEOUT.toMinutes() + " minutes");
            }
            return null;
        });
    }

    @Override
    public boolean hasImage(String reference) {
        return call("inspect image " + reference, () -> {
            try {
                client.inspectImageCmd(reference).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    /**
     * Creates and starts a container; returns its id. A bind mount whose source a link
     * leads out of its allowed folder is refused before anything is created.
     */
    @Override
    public String createAndStart(ContainerSpec spec) {
        return create(spec, true);
    }

    @Override
    public String createAndStartOnce(ContainerSpec spec) {
        return create(spec, false);
    }

    @Override
    public String createAndStartWorker(ContainerSpec spec) {
        return create(spec, false, RestartPolicy.unlessStoppedRestart());
    }

    /** @param serving a colour: its port published, restarted unless stopped; else a one-off, neither */
    private String create(ContainerSpec spec, boolean serving) {
        return create(spec, serving, serving ? RestartPolicy.unlessStoppedRestart() : RestartPolicy.noRestart());
    }

    private String create(ContainerSpec spec, boolean serving, RestartPolicy restart) {
        for (ContainerOptions.Mount m : spec.options().volumes()) {
            BindSources.problem(m).ifPresent(why -> {
                throw new DockerException("docker: start " + spec.name() + ": " + why, null, false);
            });
        }
        return call("start " + spec.name(), () -> {
            ExposedPort port = ExposedPort.tcp(spec.containerPort());
            HostConfig host = HostConfig.newHostConfig();
            CreateContainerCmd create = client.createContainerCmd(spec.image())
                    .withName(named(spec.name()))
                    .withLabels(EngineOptions.labels(spec))
                    .withEnv(spec.env());
            if (serving) {
                create.withExposedPorts(port);
                host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(spec.bindAddress(), spec.hostPort()), port));
            }
            host.withRestartPolicy(restart);
            create.withHostConfig(EngineOptions.onHost(host, spec.options()));
            EngineOptions.onCreate(create, spec.options());
            String id = create.exec().getId();
            for (String network : EngineOptions.laterNetworks(spec.options())) {
                client.connectToNetworkCmd().withNetworkId(network).withContainerId(id).exec();
            }
            client.startContainerCmd(id).exec();
            return id;
        });
    }

    @Override
    public String createAndStartCopy(String templateId, String name, int hostPort, Map<String, String> labels) {
        return call("start " + name, () -> ContainerCopy.createAndStart(client, templateId, named(name), hostPort, labels));
    }

    @Override
    public void start(String id) {
        call("start container " + shortId(id), () -> {
            try {
                client.startContainerCmd(id).exec();
            } catch (NotModifiedException alreadyRunning) {
                // already running: nothing to do
            }
            return null;
        });
    }

    @Override
    public ContainerStatus status(String id) {
        return call("inspect " + shortId(id), () -> {
            InspectContainerResponse r = client.inspectContainerCmd(id).exec();
            InspectContainerResponse.ContainerState s = r.getState();
            boolean running = Boolean.TRUE.equals(s.getRunning());
            return new ContainerStatus(running, Boolean.TRUE.equals(s.getRestarting()),
                    r.getRestartCount() == null ? 0 : r.getRestartCount(),
                    // While the engine restarts a container it still holds the code the last run exited with
                    // (once running again, 0, which says nothing).
                    running ? Optional.ofNullable(s.getExitCodeLong()).filter(c -> c != 0)
                            : Optional.ofNullable(s.getExitCodeLong()),
                    s.getPidLong() == null ? 0 : s.getPidLong(),
                    Optional.ofNullable(s.getHealth()).map(h -> h.getStatus()).filter(h -> !h.isEmpty()));
        });
    }

    /** Stops a container, giving it {@code grace} to exit after SIGTERM. Already stopped is fine. */
    @Override
    public void stop(String id, Duration grace) {
        call("stop " + shortId(id), () -> {
            try {
                client.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec();
            } catch (NotModifiedException | NotFoundException alreadyStopped) {
                // nothing to stop
            }
            return null;
        });
    }

    @Override
    public void rename(String idOrName, String newName) {
        call("rename " + idOrName, () -> {
            client.renameContainerCmd(named(idOrName)).withName(named(newName)).exec();
            return null;
        });
    }

    /** Removes a container, stopping it first if needed. Already gone is fine. */
    @Override
    public void remove(String id) {
        call("remove " + shortId(id), () -> {
            try {
                client.removeContainerCmd(named(id)).withForce(true).exec();
            } catch (NotFoundException gone) {
                // already removed
            }
            return null;
        });
    }

    @Override
    public void removeOwn(String name, String server) {
        Optional<Map<String, String>> labels = call("inspect " + name, () -> {
            try {
                Map<String, String> l = client.inspectContainerCmd(named(name)).exec().getConfig().getLabels();
                return Optional.of(l == null ? Map.<String, String>of() : l);
            } catch (NotFoundException gone) {
                return Optional.<Map<String, String>>empty();
            }
        });
        if (labels.isEmpty()) {
            return;
        }
        String owner = labels.get().get(Labels.SERVER);
        if (!"true".equals(labels.get().get(Labels.MANAGED)) || !server.equals(owner)) {
            throw new DockerException("docker: a container named " + name + " exists and is not this server's ("
                    + (owner == null ? "not Cutover's" : "Cutover's for server " + Excerpt.of(owner))
                    + "); it is left alone: rename or remove it", null, false);
        }
        remove(name);
    }

    /** The last lines the container wrote to stdout and stderr, for failure reports. */
    @Override
    public ExecResult exec(String id, List<String> command, Duration timeout) {
        return call("exec in " + shortId(id), () -> {
            String exec = client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            Deque<String> out = new ArrayDeque<>();
            boolean ended;
            try (ResultCallback.Adapter<Frame> output = client.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    for (String line : new String(frame.getPayload(), StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            out.add(line.stripTrailing());
                        }
                        while (out.size() > 5) {
                            out.removeFirst();
                        }
                    }
                }
            })) {
                ended = output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            Long code = ended ? client.inspectExecCmd(exec).exec().getExitCodeLong() : null;
            return new ExecResult(Optional.ofNullable(code), new ArrayList<>(out));
        });
    }

    @Override
    public List<String> lastLogLines(String id, int lines) {
        Deque<String> out = new ArrayDeque<>();
        try {
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(lines)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            String text = new String(frame.getPayload(), StandardCharsets.UTF_8).stripTrailing();
                            if (!text.isEmpty()) {
                                out.add(text);
                            }
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (RuntimeException | InterruptedException e) {
            out.add("(logs unavailable: " + e.getMessage() + ")");
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<String> imagesRan(String server, String app) {
        return call("list containers of " + app, () -> {
            List<Container> containers = new ArrayList<>(client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.SERVER, server, Labels.APP, app)).exec());
            containers.sort(Comparator.comparing(Container::getCreated).reversed());
            Set<String> ran = new LinkedHashSet<>();
            for (Container c : containers) {
                if (c.getImageId() != null) {
                    ran.add(c.getImageId());
                }
                ran.addAll(ImageHistory.parse(c.getLabels().get(Labels.IMAGE_HISTORY)));
            }
            return List.copyOf(ran);
        });
    }

    @Override
    public int pruneImages(List<String> ran, int keep, Set<String> deploying) {
        return call("prune images", () -> {
            List<ImagePruning.Image> images = client.listImagesCmd().exec().stream()
                    .map(i -> new ImagePruning.Image(i.getId(), references(i.getRepoTags()))).toList();
            // Every container, running or stopped, whoever made it.
            Set<String> used = client.listContainersCmd().withShowAll(true).exec().stream()
                    .map(Container::getImageId).collect(Collectors.toSet());
            int removed = 0;
            for (String id : ImagePruning.removable(ran, keep, images, used, deploying)) {
                try {
                    // Never forced: the engine itself refuses an image that a container created
                    // since the listing uses, or that another name holds.
                    client.removeImageCmd(id).withForce(false).exec();
                    removed++;
                } catch (NotFoundException | ConflictException busy) {
                    // gone already, or in use after all: leave it
                }
            }
            return removed;
        });
    }

    /** An image's names; a dangling image's placeholder {@code <none>:<none>} is none. */
    private static List<String> references(String[] repoTags) {
        return repoTags == null ? List.of() : Arrays.stream(repoTags).filter(t -> !t.equals("<none>:<none>")).toList();
    }

    /** Answers when the engine is reachable. */
    public void ping() {
        call("ping", () -> client.pingCmd().exec());
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private interface EngineCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, EngineCall<T> body) {
        return call(what, false, body);
    }

    /** @param missingIsTransient a 404 means "not there yet" (a tag CI may still be pushing), not a refusal */
    private static <T> T call(String what, boolean missingIsTransient, EngineCall<T> body) {
        try {
            return body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("docker: " + what + ": interrupted", e, true);
        } catch (Exception e) {
            throw new DockerException("docker: " + what + ": " + reason(e), e, unreachable(e, missingIsTransient));
        }
    }

    /**
     * Whether waiting can help: no answer at all (engine down, restarting, timed out), an
     * engine error (5xx: the registry behind a pull is down), or a pull of a tag that is not
     * there yet (CI may still be pushing it). Other refusals (4xx) need a change.
     */
    private static boolean unreachable(Exception e, boolean missingIsTransient) {
        // docker-java's own DockerException (named in full: ours has the same simple name).
        if (e instanceof com.github.dockerjava.api.exception.DockerException d) {
            return d.getHttpStatus() >= 500 || (missingIsTransient && d.getHttpStatus() == 404);
        }
        return true;
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** A listed container's name without Docker's leading slash and the name prefix; its id when it has none. */
    private String nameOf(Container c) {
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
        return !namePrefix.isEmpty() && name.startsWith(namePrefix + CUTOVER_NAME) ? name.substring(namePrefix.length()) : name;
    }

    /** Every name Cutover gives a container starts with this; an id never does (ids are hex). */
    private static final String CUTOVER_NAME = "cutover-";

    /** The engine's name for a container Cutover named, or an id as it is. */
    private String named(String idOrName) {
        return idOrName.startsWith(CUTOVER_NAME) ? namePrefix + idOrName : idOrName;
    }

    /** A replica label as a number; absent or not one of ours: 0. */
    private static int replica(String label) {
        return label != null && label.matches("[0-9]{1,2}") ? Integer.parseInt(label) : 0;
    }
}

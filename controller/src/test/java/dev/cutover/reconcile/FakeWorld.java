package dev.cutover.reconcile;

import dev.cutover.docker.ContainerEngine;
import dev.cutover.docker.DockerException;
import dev.cutover.docker.ExecResult;
import dev.cutover.docker.ContainerSpec;
import dev.cutover.docker.ContainerStatus;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.docker.ReleaseContainer;
import dev.cutover.docker.WorkerContainer;
import dev.cutover.nginx.TrafficRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;
import dev.cutover.nginx.AccessLog;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An engine and a router in memory, recording every call, with faults to plant per call.
 * Only for unit tests of the core's decisions; the real ones are tested in the *IT suites.
 */
final class FakeWorld implements ContainerEngine, TrafficRouter {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> files = new ConcurrentHashMap<>();
    /** Per call name ("pull", "createAndStart", "status", "switchTo", ...): what to throw, given the argument. */
    final Map<String, Function<String, RuntimeException>> faults = new HashMap<>();
    final Map<String, ContainerSpec> created = new ConcurrentHashMap<>();
    /** Per app: the image ids its containers ran, most recent first (what imagesRan answers). */
    final Map<String, List<String>> ran = new ConcurrentHashMap<>();
    volatile boolean containersExit;
    /** Containers that have exited since they started, by id. */
    final Set<String> exited = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();

    private void call(String name, String arg) {
        calls.add(name + " " + arg);
        Function<String, RuntimeException> fault = faults.get(name);
        if (fault != null) {
            RuntimeException e = fault.apply(arg);
            if (e != null) {
                throw e;
            }
        }
    }

    @Override
    public List<ManagedContainer> managedContainers(String server) {
        call("managedContainers", server);
        return List.of();
    }

    /** Exit codes of one-off containers by id; a container without one still runs. */
    final Map<String, Long> exitCodes = new ConcurrentHashMap<>();
    /** The exit code each new one-off container ends with at once; null: it runs until removed. */
    volatile Long releaseExit = 0L;

    @Override
    public List<ReleaseContainer> releaseContainers(String server) {
        call("releaseContainers", server);
        return List.of();
    }

    @Override
    public String createAndStartOnce(ContainerSpec spec) {
        String id = create("createAndStartOnce", "once", spec);
        if (releaseExit != null) {
            exitCodes.put(id, releaseExit);
        }
        return id;
    }

    @Override
    public void pull(String repository, String tag) {
        call("pull", repository + ":" + tag);
    }

    /** Images the host has, by reference. */
    final Set<String> images = new HashSet<>();

    @Override
    public boolean hasImage(String reference) {
        call("hasImage", reference);
        return images.contains(reference);
    }

    @Override
    public String createAndStart(ContainerSpec spec) {
        return create("createAndStart", "id", spec);
    }

    private String create(String callName, String idPrefix, ContainerSpec spec) {
        call(callName, spec.name());
        String id = idPrefix + next.incrementAndGet();
        created.put(id, spec);
        return id;
    }

    /** Worker containers the engine reports (what workerContainers answers). */
    final List<WorkerContainer> workers = new CopyOnWriteArrayList<>();
    /** What each container's Docker HEALTHCHECK reports, by id; none for most. */
    final Map<String, String> dockerHealth = new ConcurrentHashMap<>();

    @Override
    public List<WorkerContainer> workerContainers(String server) {
        call("workerContainers", server);
        return List.copyOf(workers);
    }

    /** How each exec (a worker's check) ends, given the container id; none: exit 0. */
    volatile Function<String, ExecResult> execs = id -> new ExecResult(Optional.of(0L), List.of());

    @Override
    public ExecResult exec(String id, List<String> command, Duration timeout) {
        call("exec", id + " " + command);
        return execs.apply(id);
    }

    @Override
    public String createAndStartWorker(ContainerSpec spec) {
        return create("createAndStartWorker", "worker", spec);
    }

    /** Copies made with createAndStartCopy: the new id, of which container, on which host port. */
    final List<String> copies = new CopyOnWriteArrayList<>();

    @Override
    public String createAndStartCopy(String templateId, String name, int hostPort, Map<String, String> labels) {
        call("createAndStartCopy", name);
        String id = "copy" + next.incrementAndGet();
        copies.add(id + " of " + templateId + " on " + hostPort + " " + new java.util.TreeMap<>(labels));
        return id;
    }

    @Override
    public void start(String id) {
        call("start", id);
    }

    @Override
    public ContainerStatus status(String id) {
        call("status", id);
        if (id.startsWith("once")) {
            Long code = exitCodes.get(id);
            return new ContainerStatus(code == null, false, 0, Optional.ofNullable(code), code == null ? 1 : 0);
        }
        boolean exit = containersExit || exited.contains(id);
        return new ContainerStatus(!exit, false, 0, exit ? Optional.of(1L) : Optional.empty(), 1,
                Optional.ofNullable(dockerHealth.get(id)));
    }

    @Override
    public void stop(String id, Duration grace) {
        call("stop", id);
    }

    @Override
    public void rename(String idOrName, String newName) {
        call("rename", idOrName + " " + newName);
    }

    /** Container names held by something that is not this server's (a user's own container). */
    final Set<String> foreignNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void removeOwn(String name, String server) {
        if (foreignNames.contains(name)) {
            throw new DockerException("docker: a container named " + name + " exists and is not this server's", null, false);
        }
        call("remove", name);
    }

    @Override
    public void remove(String idOrName) {
        call("remove", idOrName);
    }

    @Override
    public List<String> lastLogLines(String id, int lines) {
        return List.of("boom");
    }

    @Override
    public List<String> imagesRan(String server, String app) {
        call("imagesRan", app);
        return ran.getOrDefault(app, List.of());
    }

    @Override
    public int pruneImages(List<String> ran, int keep, Set<String> deploying) {
        call("pruneImages", ran + " keep " + keep + " deploying " + new TreeSet<>(deploying));
        return 0;
    }

    @Override
    public Optional<String> read(String upstream) {
        return Optional.ofNullable(files.get(upstream));
    }

    @Override
    public Map<String, String> managedFiles() {
        return Map.of();
    }

    @Override
    public void switchTo(String upstream, String content, String app, String expected, String path) {
        call("switchTo", upstream + " " + expected);
        files.put(upstream, content);
        routed = expected;
    }

    @Override
    public void apply(String upstream, Optional<String> content) {
        call("apply", upstream);
        content.ifPresentOrElse(c -> files.put(upstream, c), () -> files.remove(upstream));
    }

    /** Where the last switch pointed nginx (replicas separated by commas); a probe through nginx is answered from the first. */
    volatile String routed = "";
    /** What the live colour's health path answers through nginx. */
    volatile int healthStatus = 200;
    /** An access log the test writes lines to; none unless set. */
    Path accessLog;

    @Override
    public Optional<Probe> probe(String app, String path) {
        return routed.isEmpty() ? Optional.empty() : Optional.of(new Probe(healthStatus, routed.split(",")[0]));
    }

    @Override
    public Optional<AccessLog> followAccessLog(long lookback) {
        return accessLog == null ? Optional.empty() : AccessLog.open(accessLog, lookback);
    }

    List<String> callsNamed(String name) {
        List<String> out = new ArrayList<>();
        calls.stream().filter(c -> c.startsWith(name + " ")).forEach(out::add);
        return out;
    }
}

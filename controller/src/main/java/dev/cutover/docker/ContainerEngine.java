package dev.cutover.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine calls a reconcile pass makes: a seam, so clean-up, stall and safe-point logic
 * get fast unit tests; {@link DockerEngine} is the real one. Every call throws
 * {@link DockerException} (saying whether waiting can help) when the engine fails it.
 */
public interface ContainerEngine {
    /** Every container Cutover manages for {@code server}, running or not. */
    List<ManagedContainer> managedContainers(String server);

    /** The release containers ({@link Labels#ROLE} release) of {@code server}, running or not, with how they ended. */
    List<ReleaseContainer> releaseContainers(String server);

    /** The worker processes' containers ({@link Labels#ROLE} worker) of {@code server}, running or not. */
    List<WorkerContainer> workerContainers(String server);

    /** All three kinds at once; an engine that can read them in one call does. */
    default Inventory inventory(String server) {
        return new Inventory(managedContainers(server), releaseContainers(server), workerContainers(server));
    }

    void pull(String repository, String tag);

    /** Whether the engine has an image under this reference (repository:tag). */
    boolean hasImage(String reference);

    /** Creates and starts a container; returns its id. */
    String createAndStart(ContainerSpec spec);

    /**
     * Creates and starts a one-off container (a release command): no published port, never
     * restarted by the engine, kept after it exits; returns its id.
     */
    String createAndStartOnce(ContainerSpec spec);

    /** Creates and starts a worker process: no published port, restarted by the engine unless stopped; returns its id. */
    String createAndStartWorker(ContainerSpec spec);

    /**
     * Creates and starts a copy of container {@code templateId} (a kept colour's first, whose
     * version the desired state no longer describes): same image, command, environment and
     * options, under {@code name}, its published port on {@code hostPort}, with {@code labels}
     * over the template's; returns its id.
     */
    String createAndStartCopy(String templateId, String name, int hostPort, Map<String, String> labels);

    void start(String id);

    /**
     * Runs a command inside a running container (a worker's check) and waits up to
     * {@code timeout} for its exit code; its last lines of output come with it.
     */
    ExecResult exec(String id, List<String> command, Duration timeout);

    ContainerStatus status(String id);

    /** Stops a container, giving it {@code grace} to exit after SIGTERM. Already stopped is fine. */
    void stop(String id, Duration grace);

    /** Renames a container (by id or name). */
    void rename(String idOrName, String newName);

    /**
     * Removes the container of that name if it is this server's (it carries Cutover's label for
     * {@code server}); none by that name is fine. A container of that name that is not this
     * server's (a user's own, another server's on the same engine) is left alone and refused
     * with a {@link DockerException}: Cutover never removes what it did not create.
     */
    void removeOwn(String name, String server);

    /** Removes a container (by id or name), stopping it first if needed. Already gone is fine. */
    void remove(String idOrName);

    /** The last lines the container wrote, for failure reports. */
    List<String> lastLogLines(String id, int lines);

    /**
     * Ids of the images an app's containers on {@code server} run or ran before (their
     * {@link Labels#IMAGE_HISTORY}), most recent deploy first.
     */
    List<String> imagesRan(String server, String app);

    /**
     * Removes the images {@link ImagePruning#removable} picks from {@code ran}, as the host is
     * now; returns how many were removed.
     *
     * @param deploying references (repository:tag) deploys of this pass use, never removed
     */
    int pruneImages(List<String> ran, int keep, Set<String> deploying);
}

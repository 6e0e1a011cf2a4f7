package dev.cutover.docker;

/** The labels Cutover puts on its containers: together with nginx's upstream file, its only state. */
public final class Labels {
    public static final String MANAGED = "dev.cutover.managed";
    public static final String SERVER = "dev.cutover.server";
    public static final String APP = "dev.cutover.app";
    public static final String COLOUR = "dev.cutover.colour";
    public static final String TAG = "dev.cutover.tag";
    public static final String REVISION = "dev.cutover.revision";
    public static final String SPEC_HASH = "dev.cutover.spec-hash";
    /** {@link #RELEASE} on the one-off container of a release command (it has no colour). */
    public static final String ROLE = "dev.cutover.role";
    public static final String RELEASE = "release";
    /** The role of a worker process's container; {@link #PROCESS} names the process. */
    public static final String WORKER = "worker";
    public static final String PROCESS = "dev.cutover.process";
    /** Which of a colour's replicas a container is (0 when absent: every container before replicas existed). */
    public static final String REPLICA = "dev.cutover.replica";
    public static final String UPSTREAM = "dev.cutover.upstream";
    /** Ids of the images the app's earlier containers ran, newest first: which images a prune may touch. */
    public static final String IMAGE_HISTORY = "dev.cutover.image-history";

    private Labels() {
    }
}

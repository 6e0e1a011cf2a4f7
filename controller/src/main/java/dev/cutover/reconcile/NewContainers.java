package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.common.ContainerOptions;
import dev.cutover.config.Secrets;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Worker;
import dev.cutover.docker.ContainerSpec;
import dev.cutover.docker.ImageHistory;
import dev.cutover.docker.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What a new colour's container (and a release command's) is made of: the app's spec, its secrets, and the labels Cutover observes it by. */
final class NewContainers {
    private final Supplier<Secrets> secrets;
    private final String server;

    /** @param secrets read when a container is created, not before */
    NewContainers(Supplier<Secrets> secrets, String server) {
        this.secrets = secrets;
        this.server = server;
    }

    /** @param ranBefore the images the app's containers ran so far: recorded, so a prune knows they are Cutover's */
    ContainerSpec containerSpec(DesiredApp d, Colour colour, String revision, List<String> ranBefore) {
        return containerSpec(d, colour, 0, revision, ranBefore);
    }

    /** Replica {@code replica} of a colour: its own name and host port, labelled with its number. */
    ContainerSpec containerSpec(DesiredApp d, Colour colour, int replica, String revision, List<String> ranBefore) {
        Map<String, String> labels = labels(d, revision);
        labels.put(Labels.COLOUR, colour.label());
        labels.put(Labels.UPSTREAM, d.spec().upstream());
        labels.put(Labels.IMAGE_HISTORY, ImageHistory.label(ranBefore));
        if (replica > 0) {
            labels.put(Labels.REPLICA, Integer.toString(replica));
        }
        return new ContainerSpec(Plans.containerName(d.name(), colour, replica), d.imageRef(), labels, env(d),
                d.spec().port(), d.spec().bind(), Plans.port(d, colour, replica), d.spec().container());
    }

    /**
     * The one-off container of the app's release command: the new image, the app's env, secrets
     * and container options (its networks and volumes reach the database), the command in place
     * of the image's ENTRYPOINT and CMD, no published port, and labels that make it the record of
     * the release for this spec hash.
     */
    ContainerSpec releaseSpec(DesiredApp d, String revision) {
        ContainerOptions options = commandOf(d.spec().container(), d.spec().release().orElseThrow().command());
        Map<String, String> labels = labels(d, revision);
        labels.put(Labels.ROLE, Labels.RELEASE);
        return new ContainerSpec(Plans.releaseName(d.name()), d.imageRef(), labels, env(d), 0, "", 0, options);
    }

    /**
     * A worker process's container: the app's image, env, secrets and container options, the
     * worker's command in place of the image's ENTRYPOINT and CMD, no published port, and
     * labels that name the process and its own spec hash.
     */
    ContainerSpec workerSpec(DesiredApp d, Worker w, String revision) {
        String hash = Plans.workerHash(d, w);
        Map<String, String> labels = labels(d, revision);
        labels.put(Labels.ROLE, Labels.WORKER);
        labels.put(Labels.PROCESS, w.name());
        labels.put(Labels.SPEC_HASH, hash);
        return new ContainerSpec(Plans.workerName(d.name(), w.name(), hash), d.imageRef(), labels, env(d), 0, "", 0,
                commandOf(d.spec().container(), w.command()));
    }

    /** The app's container options with {@code command} run in place of the image's ENTRYPOINT and CMD. */
    private static ContainerOptions commandOf(ContainerOptions o, List<String> command) {
        return new ContainerOptions(command.subList(1, command.size()), command.subList(0, 1), o.volumes(),
                o.networks(), o.memoryBytes(), o.nanoCpus(), o.user(), o.labels(), o.logging(), o.extraHosts(), o.readOnly(),
                o.tmpfs());
    }

    private List<String> env(DesiredApp d) {
        List<String> env = new ArrayList<>();
        d.spec().env().forEach((k, v) -> env.add(k + "=" + v));
        if (!d.spec().secrets().isEmpty()) {
            Secrets values = secrets.get();
            d.spec().secrets().forEach(name -> env.add(name + "=" + values.value(name)));
        }
        return env;
    }

    private Map<String, String> labels(DesiredApp d, String revision) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.SERVER, server);
        labels.put(Labels.APP, d.name());
        labels.put(Labels.TAG, d.tag());
        labels.put(Labels.REVISION, revision);
        labels.put(Labels.SPEC_HASH, Plans.specHash(d));
        return labels;
    }
}

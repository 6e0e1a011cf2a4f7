package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.config.Secrets;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ContainerSpec;
import dev.cutover.docker.ImageHistory;
import dev.cutover.docker.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What a new colour's container is made of: the app's spec, its secrets, and the labels Cutover observes it by. */
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
        List<String> env = new ArrayList<>();
        d.spec().env().forEach((k, v) -> env.add(k + "=" + v));
        if (!d.spec().secrets().isEmpty()) {
            Secrets values = secrets.get();
            d.spec().secrets().forEach(name -> env.add(name + "=" + values.value(name)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.SERVER, server);
        labels.put(Labels.APP, d.name());
        labels.put(Labels.COLOUR, colour.label());
        labels.put(Labels.TAG, d.tag());
        labels.put(Labels.REVISION, revision);
        labels.put(Labels.SPEC_HASH, Plans.specHash(d));
        labels.put(Labels.UPSTREAM, d.spec().upstream());
        labels.put(Labels.IMAGE_HISTORY, ImageHistory.label(ranBefore));
        return new ContainerSpec(Plans.containerName(d.name(), colour), d.imageRef(), labels, env,
                d.spec().port(), d.spec().bind(), Plans.port(d, colour), d.spec().container());
    }
}

package dev.cutover.docker;

import dev.cutover.common.Colour;

/**
 * A container that carries Cutover's labels, as the engine reports it.
 *
 * @param replica which of its colour's containers it is; 0 is the one named after the colour
 */
public record ManagedContainer(
        String id,
        String name,
        String app,
        Colour colour,
        String tag,
        String revision,
        String specHash,
        String upstream,
        String imageId,
        boolean running,
        int replica) {

    /** The first (or only) container of its colour. */
    public ManagedContainer(String id, String name, String app, Colour colour, String tag, String revision, String specHash,
                            String upstream, String imageId, boolean running) {
        this(id, name, app, colour, tag, revision, specHash, upstream, imageId, running, 0);
    }
}

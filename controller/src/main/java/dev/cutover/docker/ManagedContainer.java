package dev.cutover.docker;

import dev.cutover.common.Colour;

/** A container that carries Cutover's labels, as the engine reports it. */
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
        boolean running) {
}

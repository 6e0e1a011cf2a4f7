package dev.cutover.docker;

/** A worker process's container, as the engine reports it (labelled {@code dev.cutover.role=worker}). */
public record WorkerContainer(String id, String name, String app, String process, String tag, String specHash, boolean running) {
}

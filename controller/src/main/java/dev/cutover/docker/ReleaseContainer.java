package dev.cutover.docker;

import java.util.Optional;

/**
 * The one-off container a release command ran in, as the engine reports it: the record,
 * kept after it exits, that the release for a spec hash ran and how it ended.
 *
 * @param exitCode empty while it runs
 */
public record ReleaseContainer(String id, String app, String tag, String revision, String specHash, boolean running,
                               Optional<Long> exitCode) {
    public boolean succeeded() {
        return !running && exitCode.equals(Optional.of(0L));
    }
}

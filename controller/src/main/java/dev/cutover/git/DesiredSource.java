package dev.cutover.git;

import dev.cutover.desired.DesiredState;
import dev.cutover.desired.DesiredStateLoader;
import dev.cutover.desired.InvalidDesiredState;
import dev.cutover.config.HostConfig;
import dev.cutover.outcome.Failure;
import java.util.Optional;

/**
 * The desired state for this server, as of the newest commit that was valid. A fetch that
 * fails, or a commit whose desired state is invalid, is reported and leaves the last good
 * state in place, so a bad push can never make Cutover tear down what runs.
 */
public final class DesiredSource {
    private final GitSource git;
    private final HostConfig config;
    private volatile Snapshot lastGood;
    /** The commit last loaded and what loading it gave: reused while the checkout is untouched. */
    private volatile Loaded lastLoaded;

    private record Loaded(String sha, Refresh refresh) {
    }

    public DesiredSource(HostConfig config) {
        this.config = config;
        this.git = new GitSource(config.repo());
    }

    /** A valid desired state and the commit it came from. */
    public record Snapshot(Revision revision, DesiredState state) {
    }

    /** The state to converge to (if any was ever valid) and, if this refresh failed, why. */
    public record Refresh(Optional<Snapshot> snapshot, Optional<Failure> failure) {
        public Optional<String> error() {
            return failure.map(Failure::message);
        }
    }

    public Refresh refresh() {
        Revision revision;
        try {
            revision = git.sync();
        } catch (GitException e) {
            // Unreachable: retried soon. Rejected credentials or a misconfigured clone: the operator
            // must act, so the normal interval, not a hammering backoff.
            Failure why = e.isTransient() ? new Failure.Transient(e.getMessage()) : new Failure.Failed(e.getMessage());
            return new Refresh(Optional.ofNullable(lastGood), Optional.of(why));
        }
        Loaded before = lastLoaded;
        if (before != null && before.sha().equals(revision.sha()) && git.checkoutUnchanged()) {
            // The same commit, and the files untouched since they were read: the same answer.
            return before.refresh();
        }
        Refresh refresh = load(revision);
        lastLoaded = new Loaded(revision.sha(), refresh);
        return refresh;
    }

    private Refresh load(Revision revision) {
        try {
            DesiredState state = DesiredStateLoader.loadServer(
                    git.checkout(), config.repo().path(), config.server(), config.policy());
            lastGood = new Snapshot(revision, state);
            return new Refresh(Optional.of(lastGood), Optional.empty());
        } catch (InvalidDesiredState e) {
            String why = "commit " + revision.shortSha() + " has an invalid desired state: "
                    + String.join("; ", e.problems().stream().map(Object::toString).toList());
            return new Refresh(Optional.ofNullable(lastGood), Optional.of(new Failure.Invalid(why)));
        }
    }
}

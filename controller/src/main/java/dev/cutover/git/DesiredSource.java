package dev.cutover.git;

import dev.cutover.desired.DesiredState;
import dev.cutover.desired.DesiredStateLoader;
import dev.cutover.desired.InvalidDesiredState;
import dev.cutover.config.HostConfig;
import dev.cutover.outcome.Failure;
import dev.cutover.desired.ServerTag;
import dev.cutover.yaml.BoundedText;
import dev.cutover.yaml.SafeYaml;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

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

    /**
     * Writes a rollback back to git ({@code cutover rollback --commit}): at the head of the
     * branch, sets {@code app}'s tag in this server's file to {@code tag} (that one value, the
     * rest of the file as it was), commits and pushes. Empty when git already says that tag.
     *
     * @throws InvalidDesiredState when the head's desired state is invalid or the value cannot be edited in place
     * @throws GitException        when git cannot be reached or refuses the push
     */
    public Optional<Revision> writeBack(String app, String tag, String message) throws GitException, InvalidDesiredState {
        git.sync();
        // Validated first: no link or special file anywhere in the folder, so the edit stays inside the checkout.
        DesiredStateLoader.loadServer(git.checkout(), config.repo().path(), config.server(), config.policy());
        String label = "servers/" + config.server() + ".yaml";
        String relative = Path.of(config.repo().path()).resolve(label).normalize().toString();
        BoundedText.Read read = BoundedText.read(git.checkout().resolve(relative), label, SafeYaml.MAX_BYTES, LinkOption.NOFOLLOW_LINKS);
        if (read.problem().isPresent()) {
            throw new InvalidDesiredState(List.of(read.problem().get()));
        }
        String edited = ServerTag.set(read.text().get(), label, app, tag);
        if (edited.equals(read.text().get())) {
            return Optional.empty();
        }
        return Optional.of(git.commitAndPush(relative, edited, message, new PersonIdent("Cutover", "cutover@" + config.server())));
    }

    /** Publishes this server's fleet report ({@link GitSource#publishStatus}). */
    public void publishStatus(String content) throws GitException {
        git.publishStatus(config.server(), content);
    }

    /** Every server's fleet report as the last refresh fetched it, by server name. */
    public java.util.Map<String, byte[]> statusReports(int maxBytes) throws GitException {
        return git.statusReports(maxBytes);
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

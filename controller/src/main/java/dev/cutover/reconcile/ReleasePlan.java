package dev.cutover.reconcile;

import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ReleaseContainer;
import java.util.List;
import java.util.Optional;

/**
 * Whether a deploy runs the app's release command. Cutover keeps no database: the release
 * container itself, kept after it exits and labelled with the spec hash it ran for, says
 * whether the release of this spec already ran and how it ended, so a restart never runs a
 * migration twice for the same spec unless the first attempt is known to have failed.
 */
final class ReleasePlan {
    private ReleasePlan() {
    }

    /**
     * The release of this spec failed (exited non-zero): like a failed gate, the spec waits for
     * a change to the desired state, or for {@code cutover sync} ({@code retry}).
     */
    static Optional<AppStatus> failed(DesiredApp d, ActualApp a, String hash, boolean retry, String running) {
        if (d.spec().release().isEmpty() || retry) {
            return Optional.empty();
        }
        return forThisSpec(a, hash).filter(r -> !r.running() && !r.succeeded())
                .map(r -> new AppStatus(AppStatus.Reason.STALLED, "stalled: the release command of " + d.tag() + " exited "
                        + r.exitCode().map(String::valueOf).orElse("without an exit code")
                        + "; waiting for a change to the desired state or `cutover sync` (" + running + ")"));
    }

    /**
     * Adds the release step to a deploy, unless this spec's release already succeeded (Cutover
     * stopped after it, before the switch); a release of this spec still running is waited for,
     * never started again. Returns a note for the app's state line.
     */
    static String plan(DesiredApp d, ActualApp a, String hash, String revision, List<Action> actions) {
        if (d.spec().release().isEmpty()) {
            return "";
        }
        Optional<ReleaseContainer> mine = forThisSpec(a, hash);
        if (mine.filter(ReleaseContainer::succeeded).isPresent()) {
            return "release already ran; ";
        }
        Optional<String> running = mine.filter(ReleaseContainer::running).map(ReleaseContainer::id);
        actions.add(new Action.RunRelease(d, revision, running));
        return running.isPresent() ? "wait for the running release, then " : "run the release, then ";
    }

    private static Optional<ReleaseContainer> forThisSpec(ActualApp a, String hash) {
        return a.release().filter(r -> hash.equals(r.specHash()));
    }
}

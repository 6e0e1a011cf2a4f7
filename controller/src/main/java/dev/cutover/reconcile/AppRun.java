package dev.cutover.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** What a run of one app's steps has created so far, so a failure can undo it. */
final class AppRun {
    String newContainer;
    /** The name of a new colour being created, so a start that fails half-way is cleaned up too. */
    String newName;
    boolean newIsKept;
    /** Replicas beyond a colour's first started by this run: removed if it fails before a switch. */
    final List<String> newReplicas = new ArrayList<>();
    /** The rollback colour moved out of the new colour's slot: put back on failure, removed once replaced. */
    Action.SetAsideKept setAside;
    boolean switched;
    /** The access log from the switch on: the bake's evidence and the deploy's cost. */
    DeployTraffic traffic;
    boolean flippedBack;
    /** Someone ran {@code cutover promote}: the remaining canary steps and the bake are skipped. */
    boolean promoted;

    OptionalInt failedRequests() {
        return traffic == null ? OptionalInt.empty() : traffic.failedRequests();
    }
}

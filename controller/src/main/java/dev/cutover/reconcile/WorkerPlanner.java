package dev.cutover.reconcile;

import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Worker;
import dev.cutover.docker.WorkerContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans an app's worker processes (pure): each desired worker runs one container of its
 * spec; a worker whose spec changed (the app's tag, its command, env, options) is replaced;
 * a worker no longer in the app file is stopped and removed. Workers move after the web
 * process (a failed web deploy leaves them where they are), so one tag change moves every
 * process of the app.
 */
final class WorkerPlanner {
    private WorkerPlanner() {
    }

    /**
     * What the workers need, as steps added to {@code actions}, and how they stand.
     *
     * @param note    a line for the app's status; empty when every worker is converged
     * @param stalled a worker's spec failed to settle and waits for a change to the desired state
     */
    record Workers(String note, boolean stalled) {
    }

    static Workers plan(DesiredApp d, ActualApp a, String revision, Map<String, String> stalledSpecs, List<Action> actions) {
        Map<String, List<WorkerContainer>> byProcess = new TreeMap<>();
        a.workers().forEach(c -> byProcess.computeIfAbsent(c.process(), k -> new ArrayList<>()).add(c));
        List<String> notes = new ArrayList<>();
        boolean stalled = false;
        for (Worker w : d.spec().workers()) {
            String hash = Plans.workerHash(d, w);
            List<WorkerContainer> mine = byProcess.getOrDefault(w.name(), List.of());
            Optional<WorkerContainer> current = mine.stream().filter(c -> c.running() && hash.equals(c.specHash())).findFirst();
            if (current.isPresent()) {
                List<String> others = mine.stream().filter(c -> !c.id().equals(current.get().id())).map(WorkerContainer::id).toList();
                if (!others.isEmpty()) {
                    // A deploy stopped before its end (a finished one removes the old at once): the new
                    // one never proved it stays up, so it settles again before the old ones go.
                    actions.add(new Action.DeployWorker(d, w, revision, others, Optional.of(current.get().id())));
                    notes.add("worker " + w.name() + ": an unfinished deploy left " + others.size()
                            + " old beside the new one at " + d.tag() + "; settle it again");
                }
                continue;
            }
            if (hash.equals(stalledSpecs.get(Plans.workerKey(d.name(), w.name())))) {
                stalled = true;
                notes.add("worker " + w.name() + " at " + d.tag() + " did not stay up; waiting for a change to the desired state");
                continue;
            }
            actions.add(new Action.DeployWorker(d, w, revision, mine.stream().map(WorkerContainer::id).toList()));
            notes.add("worker " + w.name() + ": " + (mine.isEmpty() ? "start" : "replace") + " at " + d.tag());
        }
        byProcess.forEach((process, containers) -> {
            if (d.spec().workers().stream().noneMatch(w -> w.name().equals(process))) {
                actions.add(new Action.RemoveWorkers(d.name(), process, containers.stream().map(WorkerContainer::id).toList(),
                        d.spec().stopTimeout()));
                notes.add("worker " + process + " is not desired any more: remove");
            }
        });
        return new Workers(String.join("; ", notes), stalled);
    }

    /** The app's status with its workers': converged only when they are too. */
    static AppStatus combine(AppStatus web, Workers workers, boolean planned) {
        if (workers.note().isEmpty()) {
            return web;
        }
        String message = web.message() + "; " + workers.note();
        if (web.reason() != AppStatus.Reason.CONVERGED) {
            return new AppStatus(web.reason(), message);
        }
        if (planned) {
            return new AppStatus(AppStatus.Reason.DEPLOYING, message.replace(", converged;", ";"));
        }
        return new AppStatus(workers.stalled() ? AppStatus.Reason.STALLED : AppStatus.Reason.CONVERGED, message);
    }
}

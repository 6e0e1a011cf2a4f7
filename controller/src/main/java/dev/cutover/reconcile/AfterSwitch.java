package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import dev.cutover.desired.DesiredApp;
import dev.cutover.docker.ContainerEngine;
import dev.cutover.nginx.TrafficRouter;
import dev.cutover.nginx.UpstreamFile;
import dev.cutover.outcome.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens after a new colour is healthy and before the old one goes: canary steps at
 * partial weights, the bake at full weight, and the flip back to the old colour (still
 * running) when the new one fails either.
 */
final class AfterSwitch {
    private final ContainerEngine docker;
    private final TrafficRouter nginx;
    private final BakeWatch bakeWatch;
    private final Drainer drainer;
    private final PassListener listener;
    private final String probe;

    AfterSwitch(ContainerEngine docker, TrafficRouter nginx, BakeWatch bakeWatch, Drainer drainer, PassListener listener, String probe) {
        this.docker = docker;
        this.nginx = nginx;
        this.bakeWatch = bakeWatch;
        this.drainer = drainer;
        this.listener = listener;
        this.probe = probe;
    }

    /** Points nginx at {@code live} (the other colour as backup) and confirms it took. */
    static void pointAt(TrafficRouter nginx, DesiredApp d, Colour live, String probe) {
        nginx.switchTo(d.spec().upstream(), Planner.render(d, live, probe), d.name(),
                String.join(",", Plans.addresses(d, live)), d.spec().health().path());
    }

    /**
     * Bakes the live colour; if it fails, flips nginx back to the old colour (still running),
     * drains and removes the new one, and puts a set-aside kept colour back.
     */
    void bake(Action.Bake b, AppRun run) throws StepFailed {
        if (run.traffic == null) {
            run.traffic = DeployTraffic.fromNow(nginx, b.desired().spec().upstream());
        }
        List<String> live = new ArrayList<>();
        if (run.newContainer != null) {
            live.add(run.newContainer);
            live.addAll(run.newReplicas);
        } else {
            live.add(b.liveContainerId().orElseThrow());
            live.addAll(b.liveReplicaIds());
        }
        judge(new BakeWatch.Subject(b.desired(), b.live(), live, b.desired().spec().bake().duration(), "bake", false), run);
    }

    /** Gives the new colour its step's share of requests and judges it like a bake; a failure sends all traffic back. */
    void canaryStep(Action.CanaryStep c, AppRun run) throws StepFailed {
        DesiredApp d = c.desired();
        if (run.traffic == null) {
            run.traffic = DeployTraffic.fromNow(nginx, d.spec().upstream());
        }
        Colour old = c.canary().other();
        nginx.apply(d.spec().upstream(), Optional.of(UpstreamFile.renderCanary(d.name(), d.spec().upstream(), old, Plans.address(d),
                Plans.port(d, old), Plans.port(d, c.canary()), c.percent(), d.spec().bake().canary().orElseThrow().hashKey(), probe,
                d.spec().keepalive())));
        run.switched = true; // from here on, a failure flips back rather than leaving nginx alone
        judge(new BakeWatch.Subject(d, c.canary(), List.of(run.newContainer), d.spec().bake().canary().orElseThrow().stepDuration(),
                "canary step " + c.percent() + "%", true), run);
    }

    private void judge(BakeWatch.Subject s, AppRun run) throws StepFailed {
        BakeWatch.Verdict verdict = bakeWatch.watch(s, run.traffic);
        if (verdict instanceof BakeWatch.Verdict.Passed p) {
            listener.progress(s.desired().name() + ": " + s.what() + " " + p.how());
            run.promoted = p.promoted();
            return;
        }
        if (verdict instanceof BakeWatch.Verdict.Interrupted) {
            if (s.weighted()) {
                // Nobody would watch the split while Cutover is down: all traffic goes back to the old colour.
                pointAt(nginx, s.desired(), s.judged().other(), probe);
                throw new StepFailed(new Failure.Failed("stopped during the " + s.what() + "; all traffic is back on "
                        + s.judged().other().label() + " and the next start deploys again"));
            }
            throw new StepFailed(new Failure.Failed("stopped during the bake; both colours keep running and the next start bakes "
                    + s.judged().label() + " again"));
        }
        String reason = ((BakeWatch.Verdict.Failed) verdict).reason();
        Colour old = s.judged().other();
        listener.progress(s.desired().name() + ": " + reason + "; flipping back to " + old.label());
        pointAt(nginx, s.desired(), old, probe);
        run.flippedBack = true;
        // Every replica of the new colour: nginx stopped sending them anything at the same reload, so
        // draining one after another takes about as long as the slowest of them.
        s.containers().forEach(id -> drainer.drain(new Action.Drain(s.desired(), s.judged(), id)));
        s.containers().forEach(docker::remove);
        run.newReplicas.clear();
        if (run.setAside != null) {
            docker.rename(run.setAside.containerId(), Plans.containerName(run.setAside.app(), run.setAside.colour()));
            run.setAside = null;
        }
        throw new StepFailed(new Failure.Stalled(reason + "; flipped back to " + old.label()));
    }
}

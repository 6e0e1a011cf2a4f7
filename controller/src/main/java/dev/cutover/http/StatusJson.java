package dev.cutover.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.daemon.Daemon;
import dev.cutover.daemon.DeployRecord;
import dev.cutover.reconcile.DeployReport;
import dev.cutover.reconcile.Bakes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import dev.cutover.reconcile.AppView;
import dev.cutover.common.Colour;
import dev.cutover.reconcile.PassResult;

/** The body of {@code GET /api/status}: what the daemon sees, per app, and its recent deploys. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static String of(Daemon daemon) {
        ObjectNode o = JSON.createObjectNode();
        o.put("server", daemon.config().server());
        o.put("paused", daemon.paused());
        o.put("ready", daemon.ready());
        daemon.lastPass().flatMap(PassResult::revision).ifPresentOrElse(r -> o.put("desiredRevision", r), () -> o.putNull("desiredRevision"));
        daemon.lastPass().ifPresent(r -> {
            ObjectNode last = o.putObject("lastPass");
            last.put("result", r.outcome().label());
            last.put("reason", r.error().orElse(null));
            last.put("durationSeconds", r.duration().toMillis() / 1000.0);
            daemon.lastPassAt().ifPresent(t -> last.put("finishedAt", t.toString()));
        });
        ArrayNode apps = o.putArray("apps");
        for (AppView a : daemon.apps()) {
            ObjectNode n = apps.addObject();
            n.put("app", a.app());
            n.put("desiredTag", a.desiredTag().orElse(null));
            n.put("runningTag", a.runningTag().orElse(null));
            n.put("liveColour", a.liveColour().map(Colour::label).orElse(null));
            // "healthy" in the JSON (a published field): the live colour's container is running.
            n.put("healthy", a.liveRunning());
            n.put("drift", a.drift());
            n.put("reason", a.status().reason().label());
            n.put("state", a.state());
        }
        ArrayNode bakes = o.putArray("bakes");
        daemon.bakes().values().stream().sorted(Comparator.comparing(Bakes.Progress::app)).forEach(b -> {
            ObjectNode n = bakes.addObject();
            n.put("app", b.app());
            n.put("live", b.live());
            n.put("backup", b.backup());
            n.put("endsAt", b.endsAt().toString());
            n.put("secondsLeft", Math.max(0, Duration.between(Instant.now(), b.endsAt()).toSeconds()));
            n.put("numbers", b.numbers());
            n.put("failedRequests", b.failedRequests() >= 0 ? b.failedRequests() : null);
        });
        ArrayNode deploys = o.putArray("deploys");
        for (DeployRecord r : daemon.deploys()) {
            DeployReport d = r.deploy();
            ObjectNode n = deploys.addObject();
            n.put("app", d.app());
            n.put("tag", d.tag());
            n.put("result", d.result().label());
            n.put("finishedAt", r.finishedAt().toString());
            n.put("detail", d.detail());
            // null when nothing was switched or nginx's access log was not read: unknown, not zero.
            n.put("failedRequests", d.failedRequests().isPresent() ? d.failedRequests().getAsInt() : null);
            ObjectNode stages = n.putObject("stageSeconds");
            d.stages().forEach((stage, took) -> stages.put(stage, took.toMillis() / 1000.0));
        }
        return o.toPrettyString() + "\n";
    }
}

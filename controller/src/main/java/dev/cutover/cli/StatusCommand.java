package dev.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.reconcile.AppStatus;
import dev.cutover.reconcile.DeployResult;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover status}: the daemon's view, as a table. */
@Command(name = "status", description = "Show what the running daemon sees: per app desired and running tag, live colour, drift; the last pass.")
public final class StatusCommand implements Callable<Integer> {
    private static final String STALLED = AppStatus.Reason.STALLED.label();
    private static final String FAILED = DeployResult.FAILED.label();
    private static final String FLIPPED_BACK = DeployResult.FLIPPED_BACK.label();

    @Mixin
    AdminOptions admin;

    @Option(names = "--json", description = "print the daemon's JSON as it is")
    boolean json;

    @Override
    public Integer call() throws IOException {
        AdminOptions.Answer r = admin.getWithToken("/api/status");
        AdminOptions.check(r);
        if (json) {
            System.out.print(r.body());
            return ExitCodes.OK;
        }
        JsonNode s = new ObjectMapper().readTree(r.body());
        System.out.printf("server %s%s, desired revision %s%n", s.path("server").asText(),
                s.path("paused").asBoolean() ? " (PAUSED)" : "", shortSha(s.path("desiredRevision").asText("-")));
        JsonNode last = s.path("lastPass");
        if (!last.isMissingNode()) {
            System.out.printf("last pass: %s in %.2fs at %s%s%n", last.path("result").asText(), last.path("durationSeconds").asDouble(),
                    last.path("finishedAt").asText(), last.path("reason").isTextual() ? " — " + last.path("reason").asText() : "");
        }
        System.out.printf("%-20s %-14s %-14s %-7s %-8s %s%n", "APP", "DESIRED", "RUNNING", "LIVE", "DRIFT", "STATE");
        for (JsonNode a : s.path("apps")) {
            System.out.printf("%-20s %-14s %-14s %-7s %-8s %s%n", a.path("app").asText(), text(a, "desiredTag"), text(a, "runningTag"),
                    text(a, "liveColour"), a.path("drift").asBoolean() ? "yes" : "no", a.path("state").asText());
        }
        printBakes(s);
        printWhyStalled(s);
        printLastDeploys(s);
        return ExitCodes.OK;
    }

    /** Each bake under way: which colour, how long it has left, and the live numbers. */
    static void printBakes(JsonNode s) {
        for (JsonNode b : s.path("bakes")) {
            System.out.printf("%s: baking %s (%s hot as backup), %ds left: %s%s%n", b.path("app").asText(), b.path("live").asText(),
                    b.path("backup").asText(), b.path("secondsLeft").asLong(), b.path("numbers").asText(), cost(b));
        }
    }

    /** Per app, its last deploy's result and the requests it cost. */
    static void printLastDeploys(JsonNode s) {
        Set<String> seen = new HashSet<>();
        for (JsonNode d : s.path("deploys")) {
            if (seen.add(d.path("app").asText())) {
                System.out.printf("last deploy of %s: %s %s at %s%s%n", d.path("app").asText(), d.path("tag").asText(),
                        d.path("result").asText(), d.path("finishedAt").asText(), cost(d));
            }
        }
    }

    private static String cost(JsonNode n) {
        return n.path("failedRequests").isNumber() ? "; " + n.path("failedRequests").asInt() + " failed request(s)" : "";
    }

    /** For each app that waits after a failed deploy, why that deploy failed (its last failed deploy's reason). */
    static void printWhyStalled(JsonNode s) {
        for (JsonNode a : s.path("apps")) {
            if (!a.path("reason").asText().equals(STALLED)) {
                continue;
            }
            for (JsonNode d : s.path("deploys")) {
                String result = d.path("result").asText();
                if (d.path("app").asText().equals(a.path("app").asText()) && (result.equals(FAILED) || result.equals(FLIPPED_BACK))) {
                    System.out.printf("%s: %s %s: %s%s%n", a.path("app").asText(), d.path("tag").asText(),
                            result.equals(FAILED) ? "failed" : "flipped back", d.path("detail").asText(), cost(d));
                    break;
                }
            }
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : "-";
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}

package dev.cutover.fleet;

import dev.cutover.desired.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from the reports every server publishes, whether this server may deploy its wave
 * of a rollout now. Pure: the reports, the clock and when this server first saw the rollout
 * come in, a decision goes out.
 *
 * <ul>
 *   <li>A server already serving the tag, a pinned one, and every server of an
 *       {@code allAtOnce} rollout go ahead.</li>
 *   <li>Any other server that reports the tag failed halts the rollout for everyone not
 *       yet on it: they keep what they run.</li>
 *   <li>Otherwise every server of every earlier wave must report the tag converged (its own
 *       bake passed) for at least {@code waveBake}.</li>
 *   <li>A server of an earlier wave that has reported nothing for {@code serverTimeout}
 *       (down, partitioned, its daemon stopped) is not waited for beyond it: the later wave
 *       goes on, and says whom it passed over. Its clock starts when this server first saw
 *       the rollout, so a report that was already old does not skip the wait.</li>
 * </ul>
 */
public final class RolloutGate {
    private RolloutGate() {
    }

    /**
     * @param running   the tag this server's live colour serves, if any
     * @param reports   the latest report of every server, by name (this one's included or not)
     * @param firstSeen when this server first saw the rollout ask for its tag
     */
    public static GateDecision decide(Rollout rollout, String server, int wave, boolean pinned, Optional<String> running,
                                      Map<String, ServerReport> reports, Instant firstSeen, Instant now) {
        String tag = rollout.tag();
        if (pinned) {
            return new GateDecision.Go("pinned by its server file");
        }
        if (running.equals(Optional.of(tag))) {
            return new GateDecision.Go(tag + " already serves here");
        }
        for (String other : rollout.servers()) {
            Optional<AppReport> r = report(reports, other, rollout.app());
            if (!other.equals(server) && r.flatMap(AppReport::failedTag).equals(Optional.of(tag))) {
                return new GateDecision.Halted("rollout of " + tag + " halted: it failed on " + other
                        + (r.get().why().isEmpty() ? "" : " (" + r.get().why() + ")") + "; push a new commit to go on");
            }
        }
        if (rollout.allAtOnce() || wave <= 1) {
            return new GateDecision.Go(rollout.allAtOnce() ? "all at once" : "wave 1");
        }
        List<String> waiting = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (int w = 1; w < wave; w++) {
            for (String other : rollout.waves().get(w - 1)) {
                ServerReport sr = reports.get(other);
                Optional<AppReport> r = report(reports, other, rollout.app());
                if (r.map(AppReport::pinned).orElse(false)) {
                    continue;
                }
                if (r.isPresent() && r.get().convergedOn(tag)) {
                    Duration baked = Duration.between(r.get().since().get(), now);
                    if (baked.compareTo(rollout.waveBake()) >= 0) {
                        continue;
                    }
                    Duration left = rollout.waveBake().minus(baked);
                    waiting.add(other + " (baking, " + seconds(left) + " left)");
                    continue;
                }
                Instant heard = sr == null || sr.at().isBefore(firstSeen) ? firstSeen : sr.at();
                if (Duration.between(heard, now).compareTo(rollout.serverTimeout()) > 0) {
                    silent.add(other);
                    continue;
                }
                waiting.add(other + " (" + (sr == null ? "no report yet" : r.map(RolloutGate::describe).orElse("no " + rollout.app()
                        + " yet")) + ")");
            }
        }
        if (!waiting.isEmpty()) {
            return new GateDecision.Wait("wave " + wave + " waits for " + String.join(", ", waiting));
        }
        return new GateDecision.Go("wave " + wave + ": earlier waves serve " + tag
                + (silent.isEmpty() ? "" : "; passed over " + String.join(", ", silent) + ", silent for over "
                + seconds(rollout.serverTimeout())), silent);
    }

    private static Optional<AppReport> report(Map<String, ServerReport> reports, String server, String app) {
        return Optional.ofNullable(reports.get(server)).flatMap(r -> r.app(app));
    }

    private static String describe(AppReport r) {
        return r.state().label() + (r.tag().map(t -> " on " + t).orElse(""));
    }

    private static String seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return s < 120 ? s + "s" : (s / 60) + "m";
    }
}

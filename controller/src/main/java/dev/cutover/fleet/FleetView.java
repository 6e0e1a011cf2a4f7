package dev.cutover.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code cutover fleet} as text, from every server's report: per app, the rollout's progress
 * (how many servers of each wave serve its tag) and whether it waits or stopped, then one line
 * per server: its wave, what it serves, where it stands and why, and how old its report is.
 */
public final class FleetView {
    private FleetView() {
    }

    public static String render(Map<String, ServerReport> reports, Instant now) {
        if (reports.isEmpty()) {
            return "no server has published a status yet (refs/cutover/status/*): no daemon in a rollout has run a pass\n";
        }
        StringBuilder b = new StringBuilder();
        TreeSet<String> apps = new TreeSet<>();
        reports.values().forEach(r -> r.apps().forEach(a -> apps.add(a.app())));
        for (String app : apps) {
            List<Map.Entry<ServerReport, AppReport>> rows = new ArrayList<>();
            reports.values().stream().sorted(Comparator.comparing(ServerReport::server))
                    .forEach(r -> r.app(app).ifPresent(a -> rows.add(Map.entry(r, a))));
            rows.sort(Comparator.comparing((Map.Entry<ServerReport, AppReport> e) -> e.getValue().wave() == 0 ? Integer.MAX_VALUE
                    : e.getValue().wave()).thenComparing(e -> e.getKey().server()));
            b.append(app).append(": ").append(summary(rows)).append('\n');
            for (Map.Entry<ServerReport, AppReport> e : rows) {
                AppReport a = e.getValue();
                b.append(String.format("  %-20s %-7s %-16s %s%s (reported %s ago)%n", e.getKey().server(),
                        a.wave() == 0 ? "-" : "wave " + a.wave(), a.tag().orElse("(none)"), a.state().label(),
                        a.why().isEmpty() ? "" : ": " + a.why(), ago(e.getKey().at(), now)));
            }
        }
        return b.toString();
    }

    /** The rollout's tag, how far it got per wave, and whether it is halted. */
    private static String summary(List<Map.Entry<ServerReport, AppReport>> rows) {
        List<AppReport> inRollout = rows.stream().map(Map.Entry::getValue).filter(a -> a.wave() > 0 && !a.pinned()).toList();
        if (inRollout.isEmpty()) {
            return "in no rollout";
        }
        String tag = inRollout.stream().collect(Collectors.groupingBy(AppReport::target, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        long serving = inRollout.stream().filter(a -> a.convergedOn(tag)).count();
        Map<Integer, List<AppReport>> byWave = inRollout.stream().collect(Collectors.groupingBy(AppReport::wave, TreeMap::new,
                Collectors.toList()));
        String waves = byWave.entrySet().stream().map(w -> "wave " + w.getKey() + ": "
                + w.getValue().stream().filter(a -> a.convergedOn(tag)).count() + "/" + w.getValue().size())
                .collect(Collectors.joining(", "));
        Optional<String> failedOn = rows.stream().filter(e -> e.getValue().failedTag().equals(Optional.of(tag)))
                .map(e -> e.getKey().server()).findFirst();
        String state = failedOn.map(s -> "halted: " + tag + " failed on " + s)
                .orElse(serving == inRollout.size() ? "done" : "in progress");
        return "rollout of " + tag + ", " + state + ": " + serving + " of " + inRollout.size() + " servers serve it (" + waves + ")";
    }

    static String ago(Instant at, Instant now) {
        long s = Math.max(0, Duration.between(at, now).toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : (s / 3600) + "h";
    }

    /** Reports by server, for callers holding a list. */
    public static Map<String, ServerReport> byServer(List<ServerReport> reports) {
        return reports.stream().collect(Collectors.toMap(ServerReport::server, Function.identity()));
    }
}

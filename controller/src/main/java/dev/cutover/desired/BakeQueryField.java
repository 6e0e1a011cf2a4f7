package dev.cutover.desired;

import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Fields;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code bake.query}, {@code bake.queryMax} and {@code bake.queryEvery} of an app file. */
final class BakeQueryField {
    private BakeQueryField() {
    }

    /** The query, when one is written and valid; every problem goes to {@code b}'s list at its line. */
    static Optional<BakeQuery> read(Fields b, HostPolicy policy) {
        Optional<String> query = b.string("query", false);
        if (query.isEmpty()) {
            if (b.has("queryMax") || b.has("queryEvery")) {
                String field = b.has("queryMax") ? "queryMax" : "queryEvery";
                b.problem(b.node(field).get(), b.path(field), "only with bake.query");
            }
            return Optional.empty();
        }
        String q = query.get();
        boolean ok = true;
        if (q.isBlank()) {
            b.problem(b.node("query").get(), b.path("query"), "must not be empty");
            ok = false;
        } else if (q.length() > BakeQuery.MAX_LENGTH) {
            b.problem(b.node("query").get(), b.path("query"), "at most " + BakeQuery.MAX_LENGTH + " characters, found " + q.length());
            ok = false;
        } else if (q.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            b.problem(b.node("query").get(), b.path("query"), "one line without control characters, found '" + Excerpt.of(q) + "'");
            ok = false;
        }
        if (!policy.prometheus()) {
            b.problem(b.node("query").get(), b.path("query"),
                    "this host has no Prometheus to ask (set prometheus.url in the host config)");
            ok = false;
        }
        Optional<Double> max = number(b, "queryMax");
        Duration every = AppFile.bounded(b, "queryEvery", BakeQuery.DEFAULT_EVERY, Duration.ofSeconds(1), Duration.ofMinutes(1));
        return ok && max.isPresent() ? Optional.of(new BakeQuery(q, max.get(), every)) : Optional.empty();
    }

    /** A required finite number: {@code 5}, {@code 0.02}, {@code -1}, {@code 1e3}. */
    private static Optional<Double> number(Fields b, String field) {
        Optional<String> text = b.string(field, false);
        if (text.isEmpty()) {
            if (!b.has(field)) {
                b.problem(b.node("query").get(), b.path(field), "required with bake.query: the value no series may exceed");
            }
            return Optional.empty();
        }
        try {
            double v = Double.parseDouble(text.get());
            if (Double.isFinite(v) && text.get().matches("[-+]?[0-9][0-9_.eE+-]*")) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        b.problem(b.node(field).get(), b.path(field), "expected a number, found '" + Excerpt.of(text.get()) + "'");
        return Optional.empty();
    }
}

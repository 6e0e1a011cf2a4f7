package dev.cutover.prometheus;

import java.util.List;

/** What Prometheus said to one instant query. */
public sealed interface QueryAnswer {
    /** The query ran: one value per series (a scalar is one series without labels); empty when nothing matched. */
    record Values(List<Sample> samples) implements QueryAnswer {
        public Values {
            samples = List.copyOf(samples);
        }
    }

    /** It could not be asked or did not answer with values: unreachable, timed out, a query error; shortened and escaped. */
    record Unanswered(String why) implements QueryAnswer {
    }

    /** One series' value; {@code series} is its labels as Prometheus prints them, e.g. {@code {app="web"}}. */
    record Sample(String series, double value) {
    }
}

package dev.cutover.desired;

import dev.cutover.common.ContainerOptions;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code labels} and {@code logging}: the container options that are mappings of names to one-line text. */
final class ContainerMaps {
    static final int MAX_LABELS = 100;
    static final int MAX_LOG_OPTIONS = 20;
    static final int MAX_VALUE_LENGTH = 1000;
    static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,126}[A-Za-z0-9])?");
    static final Pattern LOG_OPTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Cutover finds its containers by these labels; an app must not be able to forge or hide them. */
    static final String RESERVED_LABEL_PREFIX = "dev.cutover.";
    static final Set<String> LOGGING_FIELDS = AppFile.orderedSet("driver", "options");
    static final Set<String> LOG_DRIVERS = AppFile.orderedSet("json-file", "local", "journald", "syslog", "none");

    private ContainerMaps() {
    }

    static Map<String, String> labels(Fields f, List<Problem> problems) {
        if (!f.has("labels")) {
            return Map.of();
        }
        Fields l = new Fields(f.file(), f.path("labels"), f.node("labels").get(), null, problems);
        return oneLineValues(f, "labels", l, MAX_LABELS, name -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                return "not a valid label name (letters, digits and . _ / -)";
            }
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.startsWith(RESERVED_LABEL_PREFIX) || lower.equals("dev.cutover")
                    ? "the dev.cutover. prefix is Cutover's own" : null;
        });
    }

    static Optional<ContainerOptions.Logging> logging(Fields f, List<Problem> problems) {
        if (!f.has("logging")) {
            return Optional.empty();
        }
        Fields l = new Fields(f.file(), f.path("logging"), f.node("logging").get(), LOGGING_FIELDS, problems);
        Optional<String> driver = l.string("driver", true);
        if (driver.isPresent() && !LOG_DRIVERS.contains(driver.get())) {
            l.problem(l.node("driver").get(), l.path("driver"), "expected one of " + String.join(", ", LOG_DRIVERS)
                    + ", found '" + Names.printable(driver.get()) + "'");
            return Optional.empty();
        }
        Map<String, String> options = l.has("options") ? logOptions(f, l, problems) : Map.of();
        if (driver.filter("none"::equals).isPresent() && !options.isEmpty()) {
            l.problem(l.node("options").get(), l.path("options"), "the none driver takes no options");
        }
        return driver.map(d -> new ContainerOptions.Logging(d, options));
    }

    private static Map<String, String> logOptions(Fields f, Fields l, List<Problem> problems) {
        Fields o = new Fields(f.file(), l.path("options"), l.node("options").get(), null, problems);
        return oneLineValues(l, "options", o, MAX_LOG_OPTIONS,
                name -> LOG_OPTION.matcher(name).matches() ? null : "not a valid log option name (a-z, 0-9, . _ -)");
    }

    /** Why a name is refused, or null. */
    private interface NameRule {
        String problem(String name);
    }

    /** A mapping of names to one-line text, at most {@code max} entries. */
    private static Map<String, String> oneLineValues(Fields parent, String field, Fields map, int max, NameRule rule) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map.entries().size() > max) {
            parent.problem(parent.node(field).get(), parent.path(field), map.entries().size() + " entries; the limit is " + max);
            return out;
        }
        map.entries().forEach((name, valueNode) -> {
            String problem = rule.problem(name);
            if (problem != null) {
                map.problem(map.keyNode(name), map.path(name), problem);
                return;
            }
            map.scalarText(valueNode, map.path(name)).ifPresent(value -> {
                if (value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                    map.problem(valueNode, map.path(name), "value must be one line (no newline, carriage return or NUL)");
                } else if (value.length() > MAX_VALUE_LENGTH) {
                    map.problem(valueNode, map.path(name), "value is " + value.length() + " characters; the limit is "
                            + MAX_VALUE_LENGTH);
                } else {
                    out.put(name, value);
                }
            });
        });
        return out;
    }
}

package dev.cutover.reconcile;

import dev.cutover.desired.Names;
import dev.cutover.yaml.Fields;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's secret values ({@code secretsFile}: a YAML mapping of NAME: value). Values are
 * handed to containers as environment variables and never logged or labelled.
 */
public final class Secrets {
    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Secrets none() {
        return new Secrets(Map.of());
    }

    public static Secrets load(Optional<Path> file) {
        if (file.isEmpty()) {
            return none();
        }
        String label = file.get().toString();
        SafeYaml.Parsed parsed = SafeYaml.parse(file.get(), label);
        if (parsed.problem().isPresent()) {
            throw new IllegalStateException("secrets file " + parsed.problem().get());
        }
        List<Problem> problems = new ArrayList<>();
        Fields f = new Fields(label, "", parsed.root().get(), null, problems);
        Map<String, String> values = new HashMap<>();
        f.entries().forEach((name, node) -> {
            if (!Names.ENV_NAME.matcher(name).matches()) {
                f.problem(f.keyNode(name), name, "not a valid secret name");
            } else {
                // The value is not quoted in any message: only whether it is usable.
                f.scalarText(node, name).ifPresent(v -> values.put(name, v));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("secrets file: " + problems.get(0).file() + ":" + problems.get(0).line()
                    + ": " + problems.get(0).field() + ": invalid entry");
        }
        return new Secrets(values);
    }

    /** The value of a named secret, or an error naming only the secret. */
    public String value(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("secret " + name + " is not in the host's secrets file");
        }
        return v;
    }
}

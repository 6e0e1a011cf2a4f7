package dev.cutover.config;

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
import java.util.function.Supplier;

/**
 * The host's secret values ({@code secretsFile}: a YAML mapping of NAME: value). Values are
 * handed to containers as environment variables and never logged or labelled.
 */
public final class Secrets {
    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The secrets file, read once on first use (when a container that needs secrets is created). */
    public static Supplier<Secrets> lazily(Optional<Path> file) {
        return new Supplier<>() {
            private Secrets loaded;

            @Override
            public synchronized Secrets get() {
                if (loaded == null) {
                    loaded = load(file);
                }
                return loaded;
            }
        };
    }

    public static Secrets none() {
        return new Secrets(Map.of());
    }

    /**
     * Reads the secrets file. Called only when a container is about to be created, so a
     * broken file fails the deploys that need it, not passes that have nothing to deploy.
     */
    public static Secrets load(Optional<Path> file) {
        if (file.isEmpty()) {
            return none();
        }
        String label = file.get().toString();
        SafeYaml.Parsed parsed = SafeYaml.parse(file.get(), label);
        if (parsed.problem().isPresent()) {
            // The parser's message may quote the file; only say where and that it is broken.
            throw new SecretsUnavailable("secrets file " + label + ":" + parsed.problem().get().line() + ": cannot be read as YAML");
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
            throw new SecretsUnavailable("secrets file " + problems.get(0).file() + ":" + problems.get(0).line()
                    + ": " + problems.get(0).field() + ": invalid entry");
        }
        return new Secrets(values);
    }

    /** The value of a named secret, or an error naming only the secret. */
    public String value(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new SecretsUnavailable("secret " + name + " is not in the host's secrets file");
        }
        return v;
    }
}

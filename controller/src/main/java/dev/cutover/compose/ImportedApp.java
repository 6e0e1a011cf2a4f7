package dev.cutover.compose;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One app as the import writes it: {@code apps/<name>.yaml}, and its line in the server file
 * when a tag could be read.
 *
 * @param bind     only when it differs from Cutover's default (127.0.0.1)
 * @param tag      empty when the compose file does not decide it (a note says what to write)
 * @param services the compose services it came from, blue first
 */
public record ImportedApp(String name, String image, int port, int blue, int green, Optional<String> bind,
                          Optional<String> healthPath, Map<String, String> env, List<String> secrets,
                          Optional<String> tag, List<String> services) {
    public ImportedApp {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env)); // file order, for a readable apps/ file
        secrets = List.copyOf(secrets);
        services = List.copyOf(services);
    }

    ImportedApp withGreen(int port) {
        return new ImportedApp(name, image, this.port, blue, port, bind, healthPath, env, secrets, tag, services);
    }
}

package dev.cutover.cli;

import dev.cutover.config.HostConfig;
import dev.cutover.config.HostConfigLoader;
import dev.cutover.config.InvalidHostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by every command that acts on a server. */
public final class ConfigOption {
    static final String DEFAULT = "/etc/cutover/cutover.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "host config file (default: $CUTOVER_CONFIG, else " + DEFAULT + ")")
    Path file;

    public HostConfig load() {
        Path path = file != null ? file : Path.of(System.getenv().getOrDefault("CUTOVER_CONFIG", DEFAULT));
        if (!Files.isRegularFile(path)) {
            throw new UserError(ExitCodes.CONFIG, "host config " + path + " does not exist (use --config FILE)");
        }
        try {
            return HostConfigLoader.load(path);
        } catch (InvalidHostConfig e) {
            throw new UserError(ExitCodes.CONFIG, String.join(System.lineSeparator(),
                    e.problems().stream().map(p -> "invalid host config: " + p).toList()));
        }
    }
}

package dev.cutover.desired;

import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the desired-state folder ({@code apps/*.yaml}, {@code servers/*.yaml}). Either every
 * file involved is valid and a result comes back, or {@link InvalidDesiredState} lists every
 * problem found, each with its file, line and field.
 */
public final class DesiredStateLoader {
    private final Path dir;
    private final HostPolicy policy;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, ServerFile.AppLookup> apps = new HashMap<>();

    private DesiredStateLoader(Path dir, HostPolicy policy) {
        this.dir = dir;
        this.policy = policy;
    }

    /** What one server should run: its server file and only the app files it names. */
    public static DesiredState loadServer(Path dir, String server) throws InvalidDesiredState {
        return loadServer(dir, server, HostPolicy.LOOPBACK_ONLY);
    }

    /** What one server should run, checked against what its host allows. */
    public static DesiredState loadServer(Path dir, String server, HostPolicy policy) throws InvalidDesiredState {
        DesiredStateLoader loader = new DesiredStateLoader(dir, policy);
        loader.requireFolders();
        Optional<DesiredState> state = Optional.empty();
        if (loader.problems.isEmpty()) {
            Path file = dir.resolve("servers").resolve(server + ".yaml");
            if (!Names.NAME.matcher(server).matches()) {
                loader.problems.add(new Problem("servers/", 0, "", "'" + Names.printable(server) + "' is not a valid server name"));
            } else if (!Files.isRegularFile(file)) {
                loader.problems.add(new Problem("servers/" + server + ".yaml", 0, "", "no such file: this server has no desired state"));
            } else {
                state = loader.server(server);
            }
        }
        loader.throwIfProblems();
        return state.orElseThrow();
    }

    /** Validates every app and server file, as a desired-state repository's PR check does. */
    public static Summary validateAll(Path dir) throws InvalidDesiredState {
        return validateAll(dir, HostPolicy.LOOPBACK_ONLY);
    }

    /** Validates every app and server file against what a host allows. */
    public static Summary validateAll(Path dir, HostPolicy policy) throws InvalidDesiredState {
        DesiredStateLoader loader = new DesiredStateLoader(dir, policy);
        loader.requireFolders();
        int servers = 0;
        int deployments = 0;
        if (loader.problems.isEmpty()) {
            for (String app : loader.names("apps")) {
                loader.app(app);
            }
            for (String server : loader.names("servers")) {
                servers++;
                deployments += loader.server(server).map(s -> s.apps().size()).orElse(0);
            }
        }
        loader.throwIfProblems();
        return new Summary(loader.apps.size(), servers, deployments);
    }

    /** Counts for the one-line summary of a valid folder. */
    public record Summary(int apps, int servers, int deployments) {
    }

    private void requireFolders() {
        for (String sub : List.of("apps", "servers")) {
            if (!Files.isDirectory(dir.resolve(sub))) {
                problems.add(new Problem(sub + "/", 0, "", "folder is missing in " + dir));
            }
        }
    }

    private Optional<DesiredState> server(String name) {
        String label = "servers/" + name + ".yaml";
        SafeYaml.Parsed parsed = SafeYaml.parse(dir.resolve(label), label);
        parsed.problem().ifPresent(problems::add);
        return parsed.root().flatMap(root -> ServerFile.read(name, label, root, this::app, problems));
    }

    private ServerFile.AppLookup app(String name) {
        return apps.computeIfAbsent(name, n -> {
            String label = "apps/" + n + ".yaml";
            Path file = dir.resolve(label);
            if (!Files.isRegularFile(file)) {
                return new ServerFile.Missing();
            }
            SafeYaml.Parsed parsed = SafeYaml.parse(file, label);
            parsed.problem().ifPresent(problems::add);
            Optional<AppSpec> spec = parsed.root().flatMap(root -> AppFile.read(n, label, root, problems));
            return spec.<ServerFile.AppLookup>map(ServerFile.Found::new).orElseGet(ServerFile.Broken::new);
        });
    }

    /** The names of the {@code .yaml} files in a folder; badly named files are problems. */
    private List<String> names(String sub) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve(sub))) {
            for (Path p : files.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                String label = sub + "/" + Names.printable(file);
                if (file.endsWith(".yml")) {
                    problems.add(new Problem(label, 0, "", "use the .yaml extension"));
                } else if (file.endsWith(".yaml")) {
                    String name = file.substring(0, file.length() - ".yaml".length());
                    if (Names.NAME.matcher(name).matches()) {
                        names.add(name);
                    } else {
                        problems.add(new Problem(label, 0, "",
                                "file name must be a valid name (a-z, 0-9 and -, at most 40 characters)"));
                    }
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(sub + "/", 0, "", "cannot list: " + e.getMessage()));
        }
        return names;
    }

    private void throwIfProblems() throws InvalidDesiredState {
        if (!problems.isEmpty()) {
            throw new InvalidDesiredState(problems);
        }
    }
}

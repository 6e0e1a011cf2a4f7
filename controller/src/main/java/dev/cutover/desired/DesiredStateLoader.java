package dev.cutover.desired;

import dev.cutover.yaml.Excerpt;
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
 *
 * <p>The folder comes from a repository less trusted than the host (see the design's trust
 * model): before any file is opened, {@link DesiredFolder} refuses a folder outside the
 * checkout and any link or special file under it, and what the files ask for is checked
 * against the host's {@link HostPolicy}.
 */
public final class DesiredStateLoader {
    /** Beyond this many, more problems only bury the first ones (and can be made to flood a log). */
    static final int MAX_PROBLEMS = 100;

    private final HostPolicy policy;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, ServerFile.AppLookup> apps = new HashMap<>();
    private List<Rollout> rollouts = List.of();
    private DesiredFolder folder;

    private DesiredStateLoader(HostPolicy policy) {
        this.policy = policy;
    }

    /** What one server should run: its server file and only the app files it names. */
    public static DesiredState loadServer(Path dir, String server) throws InvalidDesiredState {
        return loadServer(dir, server, HostPolicy.LOOPBACK_ONLY);
    }

    /** What one server should run, checked against what its host allows; {@code dir} is the checkout root. */
    public static DesiredState loadServer(Path dir, String server, HostPolicy policy) throws InvalidDesiredState {
        return loadServer(dir, ".", server, policy);
    }

    /**
     * What one server should run, read from {@code folder} (the host config's
     * {@code repo.path}) inside the checkout at {@code checkoutRoot}; a folder that leaves the
     * checkout, by {@code ..} or through a link, is refused.
     */
    public static DesiredState loadServer(Path checkoutRoot, String folder, String server, HostPolicy policy)
            throws InvalidDesiredState {
        DesiredStateLoader loader = new DesiredStateLoader(policy);
        Optional<DesiredState> state = Optional.empty();
        if (loader.openFolder(checkoutRoot, folder)) {
            String label = "servers/" + server + ".yaml";
            if (!Names.NAME.matcher(server).matches()) {
                loader.problems.add(new Problem("servers/", 0, "", "'" + Names.printable(server) + "' is not a valid server name"));
            } else if (loader.folder.missing(label)) {
                loader.problems.add(new Problem(label, 0, "", "no such file: this server has no desired state"));
            } else {
                loader.rollouts();
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
        DesiredStateLoader loader = new DesiredStateLoader(policy);
        int servers = 0;
        int deployments = 0;
        if (loader.openFolder(dir, ".")) {
            for (String app : loader.names("apps")) {
                loader.app(app);
            }
            loader.rollouts();
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

    /** Finds the folder, refuses links and special files anywhere in it, and requires apps/ and servers/. */
    private boolean openFolder(Path checkoutRoot, String path) {
        Optional<DesiredFolder> opened = DesiredFolder.open(checkoutRoot, path, problems);
        if (opened.isEmpty() || !opened.get().refuseSpecialFiles(problems)) {
            return false;
        }
        folder = opened.get();
        for (String sub : List.of("apps", "servers")) {
            if (!folder.isFolder(sub)) {
                problems.add(new Problem(sub + "/", 0, "", "folder is missing in " + Excerpt.of(path)));
            }
        }
        return problems.isEmpty();
    }

    private Optional<DesiredState> server(String name) {
        List<Rollout> mine = rollouts.stream().filter(r -> r.waveOf(name).isPresent()).toList();
        return parse("servers/" + name + ".yaml")
                .flatMap(root -> ServerFile.read(name, "servers/" + name + ".yaml", root, this::app, mine, policy, problems));
    }

    /**
     * Reads every {@code rollouts/<app>.yaml} (the folder is optional): each names an app that
     * has its app file, and only servers that have their server file.
     */
    private void rollouts() {
        if (!folder.isFolder("rollouts")) {
            return;
        }
        List<Rollout> read = new ArrayList<>();
        for (String app : names("rollouts")) {
            String label = "rollouts/" + app + ".yaml";
            if (folder.missing("apps/" + app + ".yaml")) {
                problems.add(new Problem(label, 0, "", "no apps/" + app + ".yaml defines this app"));
                continue;
            }
            parse(label).flatMap(root -> RolloutFile.read(app, label, root,
                    s -> !folder.missing("servers/" + s + ".yaml"), problems)).ifPresent(read::add);
        }
        rollouts = List.copyOf(read);
    }

    private ServerFile.AppLookup app(String name) {
        return apps.computeIfAbsent(name, n -> {
            String label = "apps/" + n + ".yaml";
            if (folder.missing(label)) {
                return new ServerFile.Missing();
            }
            Optional<AppSpec> spec = parse(label).flatMap(root -> AppFile.read(n, label, root, policy, problems));
            return spec.<ServerFile.AppLookup>map(ServerFile.Found::new).orElseGet(ServerFile.Broken::new);
        });
    }

    /** Parses one file, checking again just before opening it that it is a regular file. */
    private Optional<org.yaml.snakeyaml.nodes.Node> parse(String label) {
        Optional<String> kind = folder.kindIfNotRegular(label);
        if (kind.isPresent()) {
            problems.add(DesiredFolder.notRegular(label, kind.get()));
            return Optional.empty();
        }
        SafeYaml.Parsed parsed = folder.parse(label);
        parsed.problem().ifPresent(problems::add);
        return parsed.root();
    }

    /** The names of the {@code .yaml} files in a folder; badly named files are problems. */
    private List<String> names(String sub) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder.resolve(sub))) {
            for (Path p : files.sorted().toList()) {
                String file = p.getFileName().toString();
                // Only regular files reach here: the walk refused everything else already.
                if (file.startsWith(".") || folder.kindIfNotRegular(sub + "/" + file).isPresent()) {
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
            problems.add(new Problem(sub + "/", 0, "", "cannot list (" + e.getClass().getSimpleName() + ")"));
        }
        return names;
    }

    private void throwIfProblems() throws InvalidDesiredState {
        if (problems.size() > MAX_PROBLEMS) {
            Problem first = problems.get(MAX_PROBLEMS);
            int more = problems.size() - MAX_PROBLEMS;
            problems.subList(MAX_PROBLEMS, problems.size()).clear();
            problems.add(new Problem(first.file(), first.line(), "", "and " + more + " more problem(s) not shown"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDesiredState(problems);
        }
    }
}

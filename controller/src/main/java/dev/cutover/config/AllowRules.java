package dev.cutover.config;

import dev.cutover.desired.HostPaths;
import dev.cutover.desired.Names;
import dev.cutover.yaml.Fields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code allow} section: host folders apps may bind-mount from and Docker networks they
 * may join. Even the trusted host config cannot allow the root folder, a folder holding the
 * Docker socket, or a network mode that shares the host's namespaces: a typo there would
 * hand every app the host.
 */
final class AllowRules {
    private AllowRules() {
    }

    static HostConfig.Allow read(Fields a, String dockerHost) {
        List<String> folders = new ArrayList<>();
        for (ScalarNode n : a.scalarList("bindMounts").orElse(List.of())) {
            folder(n.getValue(), dockerHost).ifPresentOrElse(
                    problem -> a.problem(n, a.path("bindMounts"), problem),
                    () -> folders.add(HostPaths.normalise(n.getValue()).path().orElseThrow()));
        }
        Set<String> networks = new LinkedHashSet<>();
        for (ScalarNode n : a.scalarList("networks").orElse(List.of())) {
            String problem = Names.networkProblem(n.getValue());
            if (problem != null) {
                a.problem(n, a.path("networks"), problem);
            } else {
                networks.add(n.getValue());
            }
        }
        return new HostConfig.Allow(folders, networks);
    }

    /** Why a folder cannot be allowed for bind mounts, or empty when it can. */
    static Optional<String> folder(String text, String dockerHost) {
        HostPaths.Normalised n = HostPaths.normalise(text);
        if (n.path().isEmpty()) {
            return Optional.of(Printable.quote(text) + " " + n.problem());
        }
        String path = n.path().get();
        if (path.equals("/")) {
            return Optional.of("the root folder cannot be allowed: it holds the whole host");
        }
        String socket = dockerHost.startsWith("unix://") ? dockerHost.substring("unix://".length()) : "";
        if (HostPaths.reachesDockerSocket(path) || (!socket.isEmpty() && HostPaths.isUnder(socket, path))) {
            return Optional.of(path + " holds the Docker socket; allow a folder that does not");
        }
        return Optional.empty();
    }
}

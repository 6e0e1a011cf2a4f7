package dev.cutover.compose;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What the import takes from one compose service, with the nodes its notes point at.
 *
 * @param port       the one published port used (the first), if any
 * @param healthPath the path its healthcheck fetches, when it fetches one on the app's port
 * @param healthcheck whether it has a healthcheck at all (a note already says why one gave no path)
 */
record Service(String name, Node at, ImageRef image, Node imageNode, Optional<Ports.Published> port, Node portNode,
               List<EnvVar> env, Optional<String> healthPath, boolean healthcheck) {

    /** One environment entry; {@code value} is null when compose takes it from the shell ({@code - NAME}, {@code NAME:}). */
    record EnvVar(String name, String value, Node at) {
    }
}

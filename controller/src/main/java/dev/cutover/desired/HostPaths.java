package dev.cutover.desired;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Absolute paths on the host or in a container, as bind mounts, volume targets and tmpfs
 * mounts name them. Deliberately narrow: parts of letters, digits and {@code . _ @ + -}, no
 * {@code ..}, so a path means what it says and never carries a {@code :} or {@code ,} that
 * the engine would read as an option. Compared by whole parts, so {@code /srv/data2} is not
 * under {@code /srv/data}.
 */
public final class HostPaths {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._@+-]{1,255}");
    /** Where Docker's socket lives on Debian (/var/run links to /run): mounting it hands over the host. */
    public static final List<String> DOCKER_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");
    static final int MAX_LENGTH = 4096;

    private HostPaths() {
    }

    /**
     * The path with {@code .} parts, repeated and trailing slashes removed; or a problem.
     * {@code ..} is refused rather than resolved: a reviewer should not have to work out
     * where {@code /srv/data/../../etc} lands.
     */
    public static Normalised normalise(String path) {
        if (!path.startsWith("/")) {
            return Normalised.problem("must be an absolute path starting with /");
        }
        if (path.length() > MAX_LENGTH) {
            return Normalised.problem("is longer than " + MAX_LENGTH + " characters");
        }
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return Normalised.problem("'..' is not allowed in a path");
            }
            if (!PART.matcher(part).matches()) {
                return Normalised.problem("path parts may hold only letters, digits and . _ @ + -");
            }
            out.append('/').append(part);
        }
        return new Normalised(Optional.of(out.length() == 0 ? "/" : out.toString()), null);
    }

    /** Whether {@code path} is {@code folder} or lies below it; both normalised. */
    public static boolean isUnder(String path, String folder) {
        return folder.equals("/") || path.equals(folder) || path.startsWith(folder + "/");
    }

    /** Whether mounting {@code path} would hand the container the Docker socket. */
    public static boolean reachesDockerSocket(String path) {
        return path.endsWith("/docker.sock") || DOCKER_SOCKETS.stream().anyMatch(s -> isUnder(s, path));
    }

    /** A normalised path, or why the text is not an acceptable one. */
    public record Normalised(Optional<String> path, String problem) {
        static Normalised problem(String why) {
            return new Normalised(Optional.empty(), why);
        }
    }
}

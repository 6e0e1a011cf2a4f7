package dev.cutover.docker;

import dev.cutover.common.ContainerOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last check of a bind mount, on this host's file system just before the container is
 * created: validation allowed the path by its text, but a link below the allowed folder
 * (made by an app that can write there) would lead the engine elsewhere — to {@code /etc}
 * or the Docker socket. Every part below the allowed folder must exist and be no link. The
 * engine follows the path a moment later, so this narrows the window, it does not close it:
 * allow only folders that no container can write links into, or mount them read-only.
 */
final class BindSources {
    private BindSources() {
    }

    /** Why a bind mount must not be made, or empty when every part below its allowed folder is a plain folder or file. */
    static Optional<String> problem(ContainerOptions.Mount m) {
        if (!m.isBind() || m.within().isEmpty()) {
            return Optional.empty();
        }
        Path folder = Path.of(m.within().get());
        Path source = Path.of(m.source());
        if (!source.startsWith(folder)) {
            return Optional.of("bind source " + m.source() + " is not under " + folder);
        }
        Path at = folder;
        for (Path part : folder.relativize(source)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return Optional.of("bind source " + m.source() + " is refused: " + at + " is a symbolic link");
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("bind source " + m.source() + " does not exist on this host");
            }
        }
        return Optional.empty();
    }
}

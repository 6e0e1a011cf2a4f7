package dev.cutover.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.common.ContainerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last check before a bind mount is made: no link below the allowed folder may lead the engine elsewhere. */
class BindSourcesTest {
    @TempDir
    Path tmp;

    private Optional<String> check(Path allowed, Path source) {
        return BindSources.problem(new ContainerOptions.Mount(source.toString(), "/data", false, Optional.of(allowed.toString())));
    }

    @Test
    void aPlainFolderBelowTheAllowedOneIsMounted() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("srv/data"));
        Path source = Files.createDirectories(allowed.resolve("app/uploads"));
        assertEquals(Optional.empty(), check(allowed, source));
        assertEquals(Optional.empty(), check(allowed, allowed));
    }

    @Test
    void aLinkBelowTheAllowedFolderIsRefusedWhereverItPoints() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("srv/data"));
        Files.createSymbolicLink(allowed.resolve("etc"), Path.of("/etc"));
        Files.createDirectories(allowed.resolve("inside"));
        Files.createSymbolicLink(allowed.resolve("alias"), allowed.resolve("inside"));
        assertTrue(check(allowed, allowed.resolve("etc")).orElseThrow().contains("is a symbolic link"));
        assertTrue(check(allowed, allowed.resolve("alias")).orElseThrow().contains("is a symbolic link"));
    }

    @Test
    void aLinkAsAParentOfTheSourceIsRefusedToo() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("srv/data"));
        Files.createSymbolicLink(allowed.resolve("app"), Path.of("/"));
        assertTrue(check(allowed, allowed.resolve("app/etc")).orElseThrow().contains(allowed.resolve("app") + " is a symbolic link"));
    }

    @Test
    void aMissingSourceIsRefusedRatherThanCreatedByTheEngine() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("srv/data"));
        assertTrue(check(allowed, allowed.resolve("nope")).orElseThrow().contains("does not exist"));
    }

    @Test
    void linksInTheAllowedFolderItselfAreTheHostsChoiceAndFine() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("disk/data"));
        Path allowed = Files.createSymbolicLink(tmp.resolve("data"), real);
        Files.createDirectories(real.resolve("app"));
        assertEquals(Optional.empty(), check(allowed, allowed.resolve("app")));
    }

    @Test
    void namedVolumesAreNotChecked() {
        assertEquals(Optional.empty(), BindSources.problem(new ContainerOptions.Mount("cutover-data", "/d", false, Optional.empty())));
    }
}

package dev.cutover.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cutover.common.ContainerOptions;
import dev.cutover.desired.AppSpec;
import dev.cutover.desired.Bake;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.Release;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spec hash decides redeploys: every container option is part of it, and apps without options keep their old hash. */
class SpecHashTest {
    private static final ContainerOptions N = ContainerOptions.NONE;

    private static String hash(ContainerOptions o) {
        AppSpec w = PlannerTest.WEB;
        return Plans.specHash(new DesiredApp(new AppSpec(w.name(), w.image(), w.port(), w.bluePort(), w.greenPort(),
                w.bind(), w.health(), w.drainTimeout(), w.stopTimeout(), w.env(), w.secrets(), w.upstream(),
                w.keepImages(), o), "v1"));
    }

    @Test
    void anAppWithoutOptionsKeepsTheHashItHadBeforeOptionsExistedSoAnUpgradeRedeploysNothing() {
        // sha256 of "reg/web:v1\n3000\n127.0.0.1\n4000\n4001\n{}\n[]\napp", the canonical text before options existed.
        assertEquals("864dff81b3e82b14", hash(N));
    }

    @Test
    void changingAnyOneOptionChangesTheHashSoTheAppIsRedeployed() {
        List<ContainerOptions> variants = List.of(N,
                new ContainerOptions(List.of("serve"), List.of(), List.of(), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of("/bin/sh"), List.of(), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(new ContainerOptions.Mount("cutover-d", "/d", false, Optional.empty())), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(new ContainerOptions.Mount("cutover-d", "/d", true, Optional.empty())), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of("backend"), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 64 << 20, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 500_000_000, "", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 0, "1000", Map.of(), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 0, "", Map.of("team", "web"), Optional.empty(), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 0, "", Map.of(), Optional.of(new ContainerOptions.Logging("local", Map.of())), List.of(), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of("db:10.0.0.5"), false, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), true, List.of()),
                new ContainerOptions(List.of(), List.of(), List.of(), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of(new ContainerOptions.Tmpfs("/tmp", 0))));
        Set<String> hashes = new HashSet<>();
        variants.forEach(v -> hashes.add(hash(v)));
        assertEquals(variants.size(), hashes.size(), "every variant has its own hash");
    }

    @Test
    void theHostFolderThatAllowedABindMountIsNotPartOfTheHash() {
        ContainerOptions.Mount under = new ContainerOptions.Mount("/srv/data/x", "/x", false, Optional.of("/srv/data"));
        ContainerOptions.Mount underParent = new ContainerOptions.Mount("/srv/data/x", "/x", false, Optional.of("/srv"));
        assertEquals(hash(new ContainerOptions(List.of(), List.of(), List.of(under), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of())),
                hash(new ContainerOptions(List.of(), List.of(), List.of(underParent), List.of(), 0, 0, "", Map.of(), Optional.empty(), List.of(), false, List.of())));
    }

    private static String hash(Optional<Release> release) {
        AppSpec w = PlannerTest.WEB;
        return Plans.specHash(new DesiredApp(new AppSpec(w.name(), w.image(), w.port(), w.bluePort(), w.greenPort(),
                w.bind(), w.health(), w.drainTimeout(), w.stopTimeout(), w.env(), w.secrets(), w.upstream(),
                w.keepImages(), Bake.OFF, N, release), "v1"));
    }

    @Test
    void aNewReleaseCommandIsANewSpecButANewTimeoutIsNotAndAnAppWithoutOneKeepsItsHash() {
        Optional<Release> migrate = Optional.of(new Release(List.of("bin/migrate", "up"), Duration.ofMinutes(5)));
        assertEquals("864dff81b3e82b14", hash(Optional.empty()));
        assertNotEquals(hash(Optional.empty()), hash(migrate));
        assertEquals(hash(migrate), hash(Optional.of(new Release(List.of("bin/migrate", "up"), Duration.ofHours(1)))));
        assertNotEquals(hash(migrate), hash(Optional.of(new Release(List.of("bin/migrate", "down"), Duration.ofMinutes(5)))));
    }
}

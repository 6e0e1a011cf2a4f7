package dev.cutover.reconcile;

import dev.cutover.common.Colour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.desired.AppSpec;
import dev.cutover.desired.Bake;
import dev.cutover.desired.Canary;
import dev.cutover.desired.Release;
import dev.cutover.common.ContainerOptions;
import dev.cutover.docker.ReleaseContainer;
import java.util.Set;
import dev.cutover.nginx.UpstreamFile;
import dev.cutover.desired.DesiredApp;
import dev.cutover.desired.DesiredState;
import dev.cutover.desired.HealthCheck;
import dev.cutover.docker.ManagedContainer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
    static final String PROBE = "127.0.0.1:8099";
    static final AppSpec WEB = new AppSpec("web", "reg/web", 3000, 4000, 4001, "127.0.0.1", HealthCheck.DEFAULT,
            Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(), List.of(), "app", 3);

    static DesiredApp web(String tag) {
        return new DesiredApp(WEB, tag);
    }

    static ManagedContainer container(Colour colour, String tag, boolean running) {
        return new ManagedContainer(colour + tag, "cutover-web-" + colour.label(), "web", colour, tag, "rev",
                Plans.specHash(web(tag)), "app", "img-" + tag, running);
    }

    /** An actual app: containers, and the upstream file rendered for {@code live} (or none). */
    static ActualApp actual(Colour live, ManagedContainer... containers) {
        Map<Colour, ManagedContainer> byColour = new EnumMap<>(Colour.class);
        for (ManagedContainer c : containers) {
            byColour.put(c.colour(), c);
        }
        Optional<String> file = live == null ? Optional.empty() : Optional.of(Planner.render(web("any"), live, PROBE));
        Optional<String> routed = live == null ? Optional.empty() : Optional.of("127.0.0.1:" + (live == Colour.BLUE ? 4000 : 4001));
        return new ActualApp("web", byColour, Optional.of("app"), file, routed);
    }

    /** The same app with a container set aside (under its kept name) on that container's colour. */
    static ActualApp withKept(ActualApp a, ManagedContainer kept) {
        return new ActualApp(a.app(), a.containers(), a.upstream(), a.upstreamFile(), a.routedTo(), Map.of(kept.colour(), kept));
    }

    static List<String> steps(String tag, ActualApp a, Map<String, String> stalled) {
        return steps(web(tag), a, stalled);
    }

    static List<String> steps(DesiredApp app, ActualApp a, Map<String, String> stalled) {
        return steps(app, a, stalled, Set.of());
    }

    static List<String> steps(DesiredApp app, ActualApp a, Map<String, String> stalled, Set<String> retryRelease) {
        DesiredState desired = new DesiredState("s1", List.of(app));
        Map<String, ActualApp> actual = a == null ? Map.of() : Map.of("web", a);
        return Planner.plan(desired, "rev", actual, stalled, retryRelease, PROBE).actions().stream()
                .map(x -> x.getClass().getSimpleName() + (x instanceof Action.StartColour s ? ":" + s.colour().label()
                        : x instanceof Action.StopColour s ? ":" + s.colour().label()
                        : x instanceof Action.RepairUpstream r ? ":" + r.live().label()
                        : x instanceof Action.Pin p ? ":" + p.to().label()
                        : x instanceof Action.RunRelease r ? (r.runningId().isPresent() ? ":wait" : ":run") : ""))
                .toList();
    }

    static Stream<Arguments> situations() {
        List<String> deployBlue = List.of("Pull", "StartColour:blue", "AwaitHealthy", "SwitchTraffic", "PruneImages");
        return Stream.of(
                Arguments.of("an empty server gets its first deploy on blue", "v1", null, deployBlue),
                Arguments.of("a converged app plans nothing", "v1",
                        actual(Colour.BLUE, container(Colour.BLUE, "v1", true)), List.of()),
                Arguments.of("a kept stopped colour is left alone", "v2",
                        actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v1", false)), List.of()),
                Arguments.of("a new tag sets the kept colour aside, deploys to its slot, then drains and stops the live one", "v2",
                        actual(Colour.BLUE, container(Colour.BLUE, "v1", true), container(Colour.GREEN, "v0", false)),
                        List.of("Pull", "SetAsideKept", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "Drain", "StopColour:blue",
                                "PruneImages")),
                Arguments.of("a kept colour set aside by a deploy that did not finish is put back", "v1",
                        withKept(actual(Colour.BLUE, container(Colour.BLUE, "v1", true)), container(Colour.GREEN, "v0", false)),
                        List.of("RestoreKept")),
                Arguments.of("an older kept colour left over by a deploy that took traffic is removed", "v2",
                        withKept(actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v1", false)),
                                container(Colour.GREEN, "v0", false)),
                        List.of("RemoveKept")),
                Arguments.of("after an unfinished deploy and a revert, the half-started colour makes way for the kept one", "v1",
                        withKept(actual(Colour.BLUE, container(Colour.BLUE, "v1", true), container(Colour.GREEN, "v2", true)),
                                container(Colour.GREEN, "v0", false)),
                        List.of("Drain", "RemoveUnfinished", "RestoreKept")),
                Arguments.of("a deploy after an unfinished one keeps what it set aside and replaces the half-started colour", "v2",
                        withKept(actual(Colour.BLUE, container(Colour.BLUE, "v1", true), container(Colour.GREEN, "v2", true)),
                                container(Colour.GREEN, "v0", false)),
                        List.of("Pull", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "Drain", "StopColour:blue", "PruneImages")),
                Arguments.of("a live container killed by hand is replaced on the other colour", "v1",
                        actual(Colour.BLUE, container(Colour.BLUE, "v1", false)),
                        List.of("Pull", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "PruneImages")),
                Arguments.of("an idle colour started by hand is stopped", "v2",
                        actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v1", true)),
                        List.of("Drain", "StopColour:blue")),
                Arguments.of("a lost upstream file is rewritten for the colour that runs the desired spec", "v2",
                        actual(null, container(Colour.GREEN, "v2", true)), List.of("RepairUpstream:green")),
                Arguments.of("with no upstream file, a running other version is never replaced in place", "v2",
                        actual(null, container(Colour.BLUE, "v1", true)),
                        List.of("Pull", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "Drain", "StopColour:blue", "PruneImages")));
    }

    /** An app `cutover rollback` put back on {@code live} and pinned against git's spec at {@code pinnedTag}. */
    static ActualApp pinned(Colour live, String pinnedTag, ManagedContainer... containers) {
        ActualApp a = actual(live, containers);
        return new ActualApp("web", a.containers(), a.upstream(),
                Optional.of(RolledBack.render(web("any"), live, PROBE, Plans.specHash(web(pinnedTag)))), a.routedTo());
    }

    static Stream<Arguments> pins() {
        return Stream.of(
                Arguments.of("while git still says the version rolled back from, the rolled-back colour stays live", "v3",
                        pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", true), container(Colour.GREEN, "v3", false)),
                        List.of()),
                Arguments.of("a new tag lifts the pin and deploys as usual", "v4",
                        pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", true), container(Colour.GREEN, "v3", false)),
                        List.of("Pull", "SetAsideKept", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "Drain", "StopColour:blue",
                                "PruneImages")),
                Arguments.of("git reverted to the rolled-back version: the file is rewritten without the pin", "v2",
                        pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", true), container(Colour.GREEN, "v3", false)),
                        List.of("RepairUpstream:blue")),
                Arguments.of("a rolled-back container stopped by hand is started again, gated, and pinned", "v3",
                        pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", false), container(Colour.GREEN, "v3", false)),
                        List.of("StartKept", "AwaitHealthy", "Pin:blue")),
                Arguments.of("the version rolled back from, found running, is drained and stopped", "v3",
                        pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", true), container(Colour.GREEN, "v3", true)),
                        List.of("Drain", "StopColour:green")),
                Arguments.of("a pin whose rolled-back container is gone holds nothing: git's version is deployed", "v3",
                        pinned(Colour.BLUE, "v3", container(Colour.GREEN, "v3", false)),
                        List.of("Pull", "SetAsideKept", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "PruneImages")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pins")
    void aPinHoldsTheRolledBackColourUntilTheDesiredStateChanges(String name, String tag, ActualApp actual, List<String> expected) {
        assertEquals(expected, steps(tag, actual, Map.of()));
    }

    @Test
    void aPinnedAppIsReportedRolledBackWithWhatGitSaysAndHowToLiftThePin() {
        ActualApp a = pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", true), container(Colour.GREEN, "v3", false));
        AppStatus s = Planner.plan(new DesiredState("s1", List.of(web("v3"))), "rev", Map.of("web", a), Map.of(), PROBE)
                .status().get("web");
        assertEquals(AppStatus.Reason.ROLLED_BACK, s.reason());
        assertEquals("rolled back to v2 on blue by `cutover rollback`; git says v3; a change to the desired state lifts the pin",
                s.message());
    }

    @Test
    void aPinnedFileThatNginxNeverLoadedIsWrittenAgainWithThePin() {
        ActualApp a = pinned(Colour.BLUE, "v3", container(Colour.BLUE, "v2", true), container(Colour.GREEN, "v3", false));
        ActualApp stale = new ActualApp("web", a.containers(), a.upstream(), a.upstreamFile(), Optional.of("127.0.0.1:4001"));
        assertEquals(List.of("Pin:blue"), steps("v3", stale, Map.of()));
        ActualApp edited = new ActualApp("web", a.containers(), a.upstream(), a.upstreamFile().map(f -> f.replace("4001", "4002")),
                a.routedTo());
        assertEquals(List.of("Pin:blue"), steps("v3", edited, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void plansTheStepsThatConvergeEachSituation(String name, String tag, ActualApp actual, List<String> expected) {
        assertEquals(expected, steps(tag, actual, Map.of()));
    }

    static DesiredApp baked(String tag) {
        AppSpec w = WEB;
        return new DesiredApp(new AppSpec(w.name(), w.image(), w.port(), w.bluePort(), w.greenPort(), w.bind(), w.health(),
                w.drainTimeout(), w.stopTimeout(), w.env(), w.secrets(), w.upstream(), w.keepImages(), Bake.DEFAULT), tag);
    }

    static Stream<Arguments> bakes() {
        return Stream.of(
                Arguments.of("a new tag bakes after the switch, before the old colour is drained", "v2",
                        actual(Colour.BLUE, container(Colour.BLUE, "v1", true), container(Colour.GREEN, "v0", false)),
                        List.of("Pull", "SetAsideKept", "StartColour:green", "AwaitHealthy", "SwitchTraffic", "Bake", "Drain",
                                "StopColour:blue", "PruneImages")),
                Arguments.of("a first deploy has nothing to flip back to, so no bake", "v1", null,
                        List.of("Pull", "StartColour:blue", "AwaitHealthy", "SwitchTraffic", "PruneImages")),
                Arguments.of("after a restart mid-bake (old version still running as backup) the bake starts again", "v2",
                        actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v1", true)),
                        List.of("Bake", "Drain", "StopColour:blue")),
                Arguments.of("after a restart mid-bake, the older kept version is removed only after the bake", "v2",
                        withKept(actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v1", true)),
                                container(Colour.GREEN, "v0", false)),
                        List.of("Bake", "Drain", "StopColour:blue", "RemoveKept")),
                Arguments.of("an idle colour running the same version is not baked against", "v2",
                        actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v2", true)),
                        List.of("Drain", "StopColour:blue")));
    }

    static DesiredApp canary(String tag) {
        DesiredApp b = baked(tag);
        AppSpec w = b.spec();
        return new DesiredApp(new AppSpec(w.name(), w.image(), w.port(), w.bluePort(), w.greenPort(), w.bind(), w.health(),
                w.drainTimeout(), w.stopTimeout(), w.env(), w.secrets(), w.upstream(), w.keepImages(),
                w.bake().withCanary(Optional.of(new Canary(List.of(10, 50), Duration.ofSeconds(5), Optional.empty())))), tag);
    }

    @Test
    void aCanaryDeployStepsUpTheWeightsBeforeTheSwitchAndThenBakes() {
        ActualApp a = actual(Colour.BLUE, container(Colour.BLUE, "v1", true));
        assertEquals(List.of("Pull", "StartColour:green", "AwaitHealthy", "CanaryStep", "CanaryStep", "SwitchTraffic", "Bake", "Drain",
                "StopColour:blue", "PruneImages"), steps(canary("v2"), a, Map.of()));
        assertEquals(List.of("Pull", "StartColour:blue", "AwaitHealthy", "SwitchTraffic", "PruneImages"), steps(canary("v1"), null, Map.of()),
                "a first deploy has no old colour to share traffic with");
    }

    @Test
    void aCanaryInterruptedMidStepSendsAllTrafficBackBeforeTheDeployStartsAgain() {
        DesiredApp v2 = canary("v2");
        ActualApp a = actual(Colour.BLUE, container(Colour.BLUE, "v1", true), container(Colour.GREEN, "v2", true));
        ActualApp mid = new ActualApp("web", a.containers(), a.upstream(), Optional.of(UpstreamFile.renderCanary("web",
                "app", Colour.BLUE, "127.0.0.1", 4000, 4001, 10, Optional.empty(), PROBE)), a.routedTo());
        assertEquals(List.of("RepairUpstream:blue", "Pull", "StartColour:green", "AwaitHealthy", "CanaryStep", "CanaryStep",
                "SwitchTraffic", "Bake", "Drain", "StopColour:blue", "PruneImages"), steps(v2, mid, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bakes")
    void withABakeTheOldColourStaysUpUntilTheNewOneHasProvedItself(String name, String tag, ActualApp actual, List<String> expected) {
        assertEquals(expected, steps(baked(tag), actual, Map.of()));
    }

    @Test
    void aFileThatNginxNeverLoadedIsReloaded() {
        ActualApp a = actual(Colour.GREEN, container(Colour.GREEN, "v2", true), container(Colour.BLUE, "v1", true));
        ActualApp stale = new ActualApp("web", a.containers(), a.upstream(), a.upstreamFile(), Optional.of("127.0.0.1:4000"));
        assertEquals(List.of("RepairUpstream:green", "Drain", "StopColour:blue"), steps("v2", stale, Map.of()));
    }

    @Test
    void anUpstreamFileEditedByHandIsRewritten() {
        ActualApp a = actual(Colour.BLUE, container(Colour.BLUE, "v1", true));
        ActualApp edited = new ActualApp("web", a.containers(), a.upstream(), a.upstreamFile().map(f -> f.replace("4000", "4001")));
        assertEquals(List.of("RepairUpstream:blue"), steps("v1", edited, Map.of()));
    }

    static DesiredApp released(String tag) {
        AppSpec w = WEB;
        return new DesiredApp(new AppSpec(w.name(), w.image(), w.port(), w.bluePort(), w.greenPort(), w.bind(), w.health(),
                w.drainTimeout(), w.stopTimeout(), w.env(), w.secrets(), w.upstream(), w.keepImages(), Bake.OFF,
                ContainerOptions.NONE, Optional.of(new Release(List.of("bin/migrate", "up"), Duration.ofMinutes(5)))), tag);
    }

    /** The app serving v1 on blue, with the release container an earlier run of {@code tag}'s release left. */
    static ActualApp servingV1AfterRelease(String tag, boolean running, Long exit) {
        ActualApp a = actual(Colour.BLUE, new ManagedContainer("b1", "cutover-web-blue", "web", Colour.BLUE, "v1", "rev",
                Plans.specHash(released("v1")), "app", "img-v1", true));
        return new ActualApp(a.app(), a.containers(), a.upstream(), a.upstreamFile(), a.routedTo(), Map.of(),
                Optional.of(new ReleaseContainer("r-" + tag, "web", tag, "rev", Plans.specHash(released(tag)), running,
                        Optional.ofNullable(exit))));
    }

    static Stream<Arguments> releases() {
        List<String> rest = List.of("StartColour:green", "AwaitHealthy", "SwitchTraffic", "Drain", "StopColour:blue", "PruneImages");
        return Stream.of(
                Arguments.of("a first deploy runs the release after the pull, before anything starts", "v2", null, Set.of(),
                        List.of("Pull", "RunRelease:run", "StartColour:blue", "AwaitHealthy", "SwitchTraffic", "PruneImages")),
                Arguments.of("a new spec runs its release, whatever an older spec's release did", "v2", servingV1AfterRelease("v1", false, 0L),
                        Set.of(), concat(List.of("Pull", "RunRelease:run"), rest)),
                Arguments.of("a release that succeeded for this spec (Cutover stopped before the switch) is not run again", "v2",
                        servingV1AfterRelease("v2", false, 0L), Set.of(), concat(List.of("Pull"), rest)),
                Arguments.of("a release that failed for this spec plans nothing: the spec waits for a change", "v2",
                        servingV1AfterRelease("v2", false, 3L), Set.of(), List.of()),
                Arguments.of("a release that failed for this spec runs again when `cutover sync` asks", "v2",
                        servingV1AfterRelease("v2", false, 3L), Set.of("web"), concat(List.of("Pull", "RunRelease:run"), rest)),
                Arguments.of("a release still running after a restart is waited for, never started again", "v2",
                        servingV1AfterRelease("v2", true, null), Set.of(), concat(List.of("Pull", "RunRelease:wait"), rest)),
                Arguments.of("a serving spec needs no release, even one that never ran", "v1", servingV1AfterRelease("v0", false, 1L),
                        Set.of(), List.of()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void theReleaseCommandRunsOncePerDeployKnownFromItsContainer(String name, String tag, ActualApp actual, Set<String> retry,
                                                                 List<String> expected) {
        assertEquals(expected, steps(released(tag), actual, Map.of(), retry));
    }

    @Test
    void aFailedReleaseIsReportedStalledWithItsExitCode() {
        AppStatus s = Planner.plan(new DesiredState("s1", List.of(released("v2"))), "rev",
                Map.of("web", servingV1AfterRelease("v2", false, 3L)), Map.of(), PROBE).status().get("web");
        assertEquals(AppStatus.Reason.STALLED, s.reason());
        assertEquals("stalled: the release command of v2 exited 3; waiting for a change to the desired state or `cutover sync`"
                + " (v1 on blue)", s.message());
    }

    @Test
    void anAppRemovedFromTheServerTakesItsReleaseContainerWithIt() {
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of()), "rev", Map.of("web", servingV1AfterRelease("v1", false, 0L)),
                Map.of(), PROBE);
        assertEquals(List.of("b1", "r-v1"), ((Action.RemoveApp) plan.actions().get(0)).containerIds());
    }

    @Test
    void aStalledSpecIsNotRetriedButANewTagIs() {
        ActualApp a = actual(Colour.BLUE, container(Colour.BLUE, "v1", true));
        Map<String, String> stalled = Map.of("web", Plans.specHash(web("v2")));
        assertEquals(List.of(), steps("v2", a, stalled));
        assertEquals("Pull", steps("v3", a, stalled).get(0));
    }

    @Test
    void anAppNoLongerDesiredIsRemoved() {
        ActualApp a = actual(Colour.BLUE, container(Colour.BLUE, "v1", true));
        Planner.Plan plan = Planner.plan(new DesiredState("s1", List.of()), "rev", Map.of("web", a), Map.of(), PROBE);
        assertEquals(1, plan.actions().size());
        assertTrue(plan.actions().get(0) instanceof Action.RemoveApp r && r.upstream().equals(Optional.of("app")));
    }

    @Test
    void theSpecHashChangesWithWhatShapesTheContainerOnly() {
        assertEquals(Plans.specHash(web("v1")), Plans.specHash(web("v1")));
        assertTrue(!Plans.specHash(web("v1")).equals(Plans.specHash(web("v2"))));
    }
}

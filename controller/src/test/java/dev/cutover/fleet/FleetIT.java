package dev.cutover.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.docker.DockerEngine;
import dev.cutover.docker.ManagedContainer;
import dev.cutover.git.StatusRefs;
import dev.cutover.testing.Captured;
import dev.cutover.testing.DaemonProcess;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.Load;
import dev.cutover.testing.NginxServer;
import dev.cutover.testing.PortBlocks;
import dev.cutover.testing.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on this one machine, all real: several daemons, each its own server with its own
 * nginx, ports and container names, sharing one Docker engine, one registry and one bare
 * desired-state repository that takes their status pushes.
 */
class FleetIT {
    @TempDir
    Path tmp;
    GitRepo repo;
    final List<Member> members = new ArrayList<>();
    /** When each server first served each version through its nginx (ms since the epoch). */
    final Map<String, Map<String, Long>> firstServed = new ConcurrentHashMap<>();
    /** Every tag each server ever had a container of. */
    final Map<String, Set<String>> tagsStarted = new ConcurrentHashMap<>();
    private ScheduledExecutorService watcher;
    private final DockerEngine engine = new DockerEngine("unix:///var/run/docker.sock", Optional.empty());

    /** One server of the fleet. */
    final class Member {
        final String server;
        final int base;
        final NginxServer nginx;
        final Path dir;
        final Path config;
        DaemonProcess daemon;

        Member(String server, String extraConfig) throws IOException {
            this.server = server;
            this.base = PortBlocks.claim();
            this.dir = Files.createDirectories(tmp.resolve(server));
            this.nginx = new NginxServer(dir.resolve("nginx"), base, "up_web");
            Files.writeString(dir.resolve("admin-token"), Stage.ADMIN_TOKEN + "\n");
            Files.writeString(dir.resolve("secrets.yaml"), "DB_PASSWORD: " + Stage.SECRET_VALUE + "\n");
            this.config = dir.resolve("cutover.yaml");
            Files.writeString(config, """
                    server: %s
                    repo: {url: %s, interval: 1s, workdir: %s}
                    docker: {namePrefix: f%d-}
                    nginx:
                      upstreamDir: %s
                      test: %s
                      reload: %s
                      probe: 127.0.0.1:%d
                      accessLog: %s
                      pidFile: %s
                    secretsFile: secrets.yaml
                    admin: {listen: 127.0.0.1:%d, tokenFile: admin-token}
                    fleet: {heartbeat: 1s}
                    """.formatted(server, repo.remote(), dir.resolve("clone"), base, nginx.upstreamDir(),
                    flow(nginx.command("-t", "-q")), flow(nginx.command("-s", "reload")), base + 1, nginx.accessLog(),
                    nginx.pidFile(), base + 8) + extraConfig);
        }

        int webPort() {
            return base + 2;
        }

        int apiPort() {
            return base + 4;
        }

        void start() {
            daemon = new DaemonProcess(config, base + 8, dir.resolve("daemon.log"));
        }

        String serving() {
            try {
                HttpResponse<String> r = dev.cutover.common.Http.CLIENT.send(HttpRequest.newBuilder(URI.create(nginx.url("/api/ping")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode();
            } catch (IOException e) {
                return "error";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        List<ManagedContainer> containers() {
            return engine.managedContainers(server);
        }

        /** This server's report as the git host holds it. */
        String report() {
            return GitRepo.git(repo.remote(), "show", "refs/cutover/status/" + server + ":status");
        }
    }

    private static String flow(List<String> args) {
        return "[" + String.join(", ", args.stream().map(a -> "\"" + a + "\"").toList()) + "]";
    }

    /** Servers named fl-NAME-1..n, each with its web app (and an api app when asked) on its own ports. */
    private List<Member> fleet(String name, int n, boolean api, String extraConfig) throws IOException {
        repo = new GitRepo(tmp.resolve("git"));
        String web = Stage.appYaml("web", 4000, "up_web").replace("settle: 3s", "settle: 0s");
        repo.write("desired-state/apps/web.yaml", web);
        if (api) {
            repo.write("desired-state/apps/api.yaml", Stage.appYaml("api", 5000, "up_api").replace("settle: 3s", "settle: 0s"));
        }
        for (int i = 1; i <= n; i++) {
            Member m = new Member("fl-" + name + "-" + i, extraConfig);
            members.add(m);
            repo.write("desired-state/servers/" + m.server + ".yaml", "apps:\n  web: {slots: {blue: " + m.webPort() + ", green: "
                    + (m.webPort() + 1) + "}}\n" + (api ? "  api: {slots: {blue: " + m.apiPort() + ", green: " + (m.apiPort() + 1) + "}}\n" : ""));
        }
        watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(this::watch, 0, 50, TimeUnit.MILLISECONDS);
        return members;
    }

    private void watch() {
        for (Member m : members) {
            String v = m.serving();
            firstServed.computeIfAbsent(m.server, k -> new ConcurrentHashMap<>()).putIfAbsent(v, System.currentTimeMillis());
            try {
                m.containers().forEach(c -> tagsStarted.computeIfAbsent(m.server, k -> ConcurrentHashMap.newKeySet()).add(c.tag()));
            } catch (RuntimeException e) {
                // the engine busy: next time
            }
        }
    }

    private String servers(List<Member> ms) {
        return "[" + ms.stream().map(m -> m.server).collect(Collectors.joining(", ")) + "]";
    }

    private String rollout(String app, String tag, String waves, String extra) {
        repo.write("desired-state/rollouts/" + app + ".yaml", "tag: " + tag + "\nwaves: " + waves + "\n" + extra);
        return repo.commitAndPush("Roll out " + app + " " + tag);
    }

    private void allServe(String tag, Duration within) {
        DaemonProcess.await(within, "every server to serve " + tag + "; logs:\n" + logs(),
                () -> members.stream().allMatch(m -> m.serving().equals(tag)));
    }

    private String logs() {
        return members.stream().map(m -> "== " + m.server + "\n" + (m.daemon == null ? "" : tail(m.daemon.log())))
                .collect(Collectors.joining("\n"));
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    private long served(Member m, String tag) {
        try {
            // The watcher polls every server in turn: give it a moment to see what a wait just saw.
            DaemonProcess.await(Duration.ofSeconds(3), "", () -> firstServed.getOrDefault(m.server, Map.of()).containsKey(tag));
        } catch (AssertionError notSeen) {
            // said below
        }
        return Optional.ofNullable(firstServed.get(m.server)).map(x -> x.get(tag)).orElseThrow(() ->
                new AssertionError(m.server + " never served " + tag + ": " + firstServed.get(m.server)));
    }

    private Captured fleetCommand(Member m) {
        return Captured.run("fleet", "--config", m.config.toString());
    }

    @AfterEach
    void stopFleet() throws Exception {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        for (Member m : members) {
            if (m.daemon != null) {
                m.daemon.kill();
            }
            for (ManagedContainer c : m.containers()) {
                engine.remove(c.id());
            }
            m.nginx.close();
        }
        engine.close();
    }

    @Test
    void aRolloutInTwoWavesProceedsInOrderAndEveryServerCanSeeItsProgress() throws Exception {
        List<Member> f = fleet("waves", 3, false, "");
        long start = System.currentTimeMillis();
        rollout("web", "v1", "[" + servers(f) + "]", "allAtOnce: true\n");
        f.forEach(Member::start);
        allServe("v1", Duration.ofSeconds(60));
        long v1 = System.currentTimeMillis() - start;

        String commit = rollout("web", "v2", "[[" + f.get(0).server + "], " + servers(f.subList(1, 3)) + "]", "waveBake: 3s\n");
        long pushed = System.currentTimeMillis();
        DaemonProcess.await(Duration.ofSeconds(30), "wave 1 to serve v2", () -> f.get(0).serving().equals("v2"));
        DaemonProcess.await(Duration.ofSeconds(10), "wave 2 to report that it waits for wave 1's bake",
                () -> f.get(1).report().contains("state=waiting") && f.get(1).report().contains("baking"));
        assertEquals("v1", f.get(1).serving(), "wave 2 waits for wave 1's bake");
        Captured mid = fleetCommand(f.get(2));
        assertEquals(0, mid.exitCode(), mid.out() + mid.err());
        assertTrue(mid.out().contains("web: rollout of v2, in progress: 1 of 3 servers serve it (wave 1: 1/1, wave 2: 0/2)"), mid.out());
        assertTrue(mid.out().contains("waiting: wave 2 waits for " + f.get(0).server + " (baking"), mid.out());
        // Awaited, not read once: a scrape that lands while a pass re-registers the rows misses them.
        DaemonProcess.await(Duration.ofSeconds(5), "the wave and the hold as metrics",
                () -> f.get(1).daemon.metric("cutover_rollout_held{app=\"web\",reason=\"waiting\"") == 1.0
                        && f.get(1).daemon.metric("cutover_rollout_wave{app=\"web\"") == 2.0);

        allServe("v2", Duration.ofSeconds(60));
        long wave1 = served(f.get(0), "v2");
        for (Member later : f.subList(1, 3)) {
            long gap = served(later, "v2") - wave1;
            assertTrue(gap >= 3000, later.server + " served v2 " + gap + " ms after wave 1: before its 3 s wave bake");
        }
        long twoWaves = f.stream().mapToLong(m -> served(m, "v2")).max().getAsLong() - pushed;
        assertTrue(f.get(2).report().contains("revision " + commit), f.get(2).report());

        // A rollback is a commit like any other; all at once when the user says so.
        rollout("web", "v1", "[[" + f.get(0).server + "], " + servers(f.subList(1, 3)) + "]", "waveBake: 3s\nallAtOnce: true\n");
        long rollback = System.currentTimeMillis();
        allServe("v1", Duration.ofSeconds(60));
        long allAtOnce = System.currentTimeMillis() - rollback;
        // Each server reports once its pass ended (after the old colour drained and stopped).
        DaemonProcess.await(Duration.ofSeconds(20), "cutover fleet to show the rollback done",
                () -> fleetCommand(f.get(0)).out().contains("web: rollout of v1, done: 3 of 3 servers serve it"));
        // Every server's own ref holds its own latest state: no push of one lost another's.
        for (Member m : f) {
            assertTrue(m.report().contains("app web tag=v1 state=converged"), m.report());
        }
        System.out.println("[figures] fleet of 3: first rollout v1 all at once " + v1 + " ms (incl. daemon start); v2 in 2 waves"
                + " with a 3 s wave bake " + twoWaves + " ms from push to the last server serving; rollback to v1 all at once "
                + allAtOnce + " ms");
    }

    @Test
    void aLateFailingVersionFlipsBackOnTheFirstWaveNeverStartsOnTheSecondAndANewCommitResumes() throws Exception {
        List<Member> f = fleet("halt", 2, false, "");
        rollout("web", "v1", "[" + servers(f) + "]", "allAtOnce: true\n");
        f.forEach(Member::start);
        allServe("v1", Duration.ofSeconds(60));
        // Fails 3 s after its start, caught by the bake, which the traffic on wave 1 feeds.
        repo.write("desired-state/apps/web.yaml", Stage.appYaml("web", 4000, "up_web").replace("settle: 3s", "settle: 0s")
                .replace("bake: 0s", "bake: {duration: 20s, latencyFactor: 0}").replace("env: {APP_ENV: test}",
                        "env: {APP_ENV: test, FAIL_AFTER: \"3\"}"));
        String waves = "[[" + f.get(0).server + "], [" + f.get(1).server + "]]";
        try (Load load = new Load(f.get(0).nginx.url(""), 2)) {
            rollout("web", "broken-late", waves, "");
            DaemonProcess.await(Duration.ofSeconds(60), "wave 1 to flip broken-late back; logs:\n" + logs(),
                    () -> f.get(0).report().contains("state=failed") && f.get(0).serving().equals("v1"));
        }
        assertTrue(f.get(0).report().contains("failed=broken-late"), f.get(0).report());
        DaemonProcess.await(Duration.ofSeconds(10), "wave 2 to report the halt", () -> f.get(1).report().contains("state=halted"));
        Captured halted = fleetCommand(f.get(1));
        assertTrue(halted.out().contains("web: rollout of broken-late, halted: broken-late failed on " + f.get(0).server), halted.out());
        Thread.sleep(3000); // passes go on; the halt holds
        assertEquals("v1", f.get(1).serving());
        assertFalse(tagsStarted.get(f.get(1).server).contains("broken-late"), "wave 2 never started it: " + tagsStarted);
        DaemonProcess.await(Duration.ofSeconds(5), "the halt as a metric",
                () -> f.get(1).daemon.metric("cutover_rollout_held{app=\"web\",reason=\"halted\"") == 1.0);

        // A daemon restarted on wave 1 does not retry the tag that failed there by itself.
        f.get(0).daemon.kill();
        // It pushes a report every second (heartbeat 1s): what a kill in the middle of that push
        // leaves in the repository, made certain here. The restarted daemon must report through it.
        Files.writeString(repo.remote().resolve(StatusRefs.ref(f.get(0).server) + ".lock"), "0".repeat(40) + "\n");
        f.get(0).start();
        Thread.sleep(3000);
        assertFalse(f.get(0).containers().stream().anyMatch(c -> c.tag().equals("broken-late")), "not retried after a restart");
        assertTrue(f.get(0).daemon.log().contains("removed " + StatusRefs.ref(f.get(0).server) + ".lock"), tail(f.get(0).daemon.log()));

        rollout("web", "v2", waves, "");
        allServe("v2", Duration.ofSeconds(60));
        assertTrue(served(f.get(1), "v2") >= served(f.get(0), "v2"), "a new commit resumes, in order");
    }

    @Test
    void aStoppedDaemonInTheFirstWaveHoldsTheSecondUntilItsTimeout() throws Exception {
        List<Member> f = fleet("silent", 2, false, "");
        rollout("web", "v1", "[" + servers(f) + "]", "allAtOnce: true\n");
        f.forEach(Member::start);
        allServe("v1", Duration.ofSeconds(60));
        f.get(0).daemon.kill(); // down: it reports nothing more, what it ran keeps running
        rollout("web", "v2", "[[" + f.get(0).server + "], [" + f.get(1).server + "]]", "serverTimeout: 8s\n");
        long pushed = System.currentTimeMillis();
        DaemonProcess.await(Duration.ofSeconds(10), "wave 2 to wait", () -> f.get(1).report().contains("state=waiting"));
        DaemonProcess.await(Duration.ofSeconds(40), "wave 2 to go on without the silent server; logs:\n" + logs(),
                () -> f.get(1).serving().equals("v2"));
        long waited = served(f.get(1), "v2") - pushed;
        assertTrue(waited >= 8000, "wave 2 went on " + waited + " ms after the push: before the 8 s server timeout");
        assertEquals("v1", f.get(0).serving());
        assertTrue(f.get(1).daemon.log().contains("passed over " + f.get(0).server + ", silent for over 8s"), tail(f.get(1).daemon.log()));
        System.out.println("[figures] a silent wave-1 server held wave 2 for " + waited + " ms (serverTimeout 8 s)");
    }

    @Test
    void twoRolloutsOfDifferentAppsDoNotBlockEachOther() throws Exception {
        List<Member> f = fleet("apps", 2, true, "");
        repo.write("desired-state/rollouts/api.yaml", "tag: v1\nwaves: [" + servers(f) + "]\nallAtOnce: true\n");
        rollout("web", "v1", "[" + servers(f) + "]", "allAtOnce: true\n");
        f.forEach(Member::start);
        allServe("v1", Duration.ofSeconds(60));
        // web goes 1 then 2 and fails its gate on wave 1; api goes the other way round and succeeds.
        repo.write("desired-state/rollouts/api.yaml", "tag: v2\nwaves: [[" + f.get(1).server + "], [" + f.get(0).server + "]]\n");
        rollout("web", "broken-500", "[[" + f.get(0).server + "], [" + f.get(1).server + "]]", "");
        DaemonProcess.await(Duration.ofSeconds(60), "api at v2 everywhere while web is halted; logs:\n" + logs(), () ->
                f.stream().allMatch(m -> m.report().contains("app api tag=v2 state=converged"))
                        && f.get(1).report().contains("app web tag=v1 state=halted"));
        assertTrue(f.get(0).report().contains("app web tag=v1 state=failed"), f.get(0).report());
        assertEquals("v1", f.get(1).serving());
    }

    @Test
    void aGitHostThatRefusesStatusRefsLeavesEachServerActingAloneAndSaysWhy() throws Exception {
        List<Member> f = fleet("refused", 2, false, "");
        rollout("web", "v1", "[" + servers(f) + "]", "allAtOnce: true\n");
        // The host cannot create anything under refs/cutover, as when its rules forbid the namespace.
        Files.writeString(repo.remote().resolve("refs/cutover"), "");
        f.forEach(Member::start);
        allServe("v1", Duration.ofSeconds(60));
        Files.delete(repo.remote().resolve("refs/cutover")); // the git command line pushing the commit chokes on it too
        rollout("web", "v2", "[[" + f.get(0).server + "], [" + f.get(1).server + "]]", "waveBake: 1h\n");
        Files.writeString(repo.remote().resolve("refs/cutover"), "");
        allServe("v2", Duration.ofSeconds(60)); // a wave bake of an hour, not waited for: nobody can report
        assertTrue(f.get(1).daemon.log().contains("refused the push of refs/cutover/status/" + f.get(1).server)
                && f.get(1).daemon.log().contains("this server acts alone"), tail(f.get(1).daemon.log()));
    }
}

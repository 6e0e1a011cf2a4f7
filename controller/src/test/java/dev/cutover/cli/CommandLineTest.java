package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.Captured;
import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void validateOnAValidFolderPrintsOneSummaryLineAndExitsZero() {
        Captured c = Captured.run("validate", "../desired-state");
        assertEquals(0, c.exitCode(), c.err());
        assertEquals(1, c.out().lines().count(), c.out());
        assertTrue(c.out().startsWith("valid: 1 app(s), 1 server(s), 1 deployment(s) in ../desired-state"), c.out());
    }

    @Test
    void validateOnAnInvalidFolderPrintsEveryProblemOnItsOwnLineAndExitsOne() {
        new DesiredStateFolder(tmp).app("web", DesiredStateFolder.WEB_APP.replace("port: 3000", "port: x") + "extra: 1\n")
                .server("s1", "apps:\n  web: {tag: v1}\n");
        Captured c = Captured.run("validate", tmp.toString());
        assertEquals(1, c.exitCode());
        assertEquals(3, c.out().lines().count(), c.out());
        assertTrue(c.out().contains(tmp + "/apps/web.yaml:2: port: expected a whole number, found 'x'"), c.out());
        assertTrue(c.out().contains(tmp + "/apps/web.yaml:8: extra: unknown field"), c.out());
        assertTrue(c.out().endsWith("invalid: 2 problem(s) in " + tmp + "\n"), c.out());
    }

    @Test
    void validateCanCheckOneServersView() {
        Captured c = Captured.run("validate", "../desired-state", "--server", "local");
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.out().startsWith("valid: server local runs 1 app(s)"), c.out());
    }

    @Test
    void aMissingHostConfigIsOneLineWithExitCodeThree() {
        Captured c = Captured.run("diff", "--config", tmp.resolve("nope.yaml").toString());
        assertEquals(ExitCodes.CONFIG, c.exitCode());
        assertEquals("cutover: host config " + tmp.resolve("nope.yaml") + " does not exist (use --config FILE)\n", c.err());
    }

    @Test
    void everyClientCommandWithAMissingHostConfigIsOneLineWithExitCodeThree() {
        String nope = tmp.resolve("nope.yaml").toString();
        for (String[] line : new String[][] {{"sync", "--wait", "-c", nope}, {"status", "--config=" + nope},
                {"promote", "--app", "web", "-c", nope}, {"abort", "--app=web", "-c", nope}, {"pause", "-c", nope},
                {"resume", "--config", nope}}) {
            Captured c = Captured.run(line);
            assertEquals(ExitCodes.CONFIG, c.exitCode(), String.join(" ", line));
            assertEquals("cutover: host config " + nope + " does not exist (use --config FILE)\n", c.err(), String.join(" ", line));
        }
    }

    @Test
    void aClientCommandThatCannotReachTheDaemonIsOneLineWithExitCodeFourAndVerboseAddsTheTrace() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "a-token-of-twenty-four-c\n");
        Captured c = Captured.run("sync", "--wait", "--admin", "127.0.0.1:1", "--token-file", token.toString());
        assertEquals(ExitCodes.UNAVAILABLE, c.exitCode(), c.err());
        assertTrue(c.err().startsWith("cutover: cannot reach the cutover daemon at http://127.0.0.1:1: "), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
        Captured verbose = Captured.run("--verbose", "status", "--admin", "127.0.0.1:1", "--token-file", token.toString());
        assertEquals(ExitCodes.UNAVAILABLE, verbose.exitCode(), verbose.err());
        assertTrue(verbose.err().contains("dev.cutover.cli.UserError: cannot reach"), verbose.err());
    }

    @Test
    void anInvalidAppNameForPromoteIsAUsageError() {
        Captured c = Captured.run("promote", "--app", "Not/An App", "--admin", "127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, c.exitCode(), c.err());
        assertEquals("cutover: --app: not a valid app name\n", c.err());
    }

    @Test
    void aClientCommandLineWithAMistakeGetsPicocliSUsageAndExitCodeTwo() {
        Captured c = Captured.run("sync", "--wiat");
        assertEquals(ExitCodes.USAGE, c.exitCode());
        assertTrue(c.err().startsWith("Unknown option: '--wiat'\nUsage: cutover sync "), c.err());
        Captured missing = Captured.run("abort");
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertTrue(missing.err().startsWith("Missing required option: '--app=<app>'"), missing.err());
    }

    @Test
    void anInvalidHostConfigNamesTheFieldAndLine() throws Exception {
        Path cfg = tmp.resolve("cutover.yaml");
        Files.writeString(cfg, "server: s1\nrepo:\n  url: /x\n  intervall: 5s\n");
        Captured c = Captured.run("diff", "--config", cfg.toString());
        assertEquals(ExitCodes.CONFIG, c.exitCode());
        assertTrue(c.err().contains(cfg + ":4: repo.intervall: unknown field"), c.err());
        assertFalse(c.err().contains("Exception"), c.err());
    }

    @Test
    void diffShowsWhatTheServerShouldRunFromARealRepository() throws Exception {
        GitRepo repo = new GitRepo(tmp);
        repo.write("desired-state/apps/web.yaml", DesiredStateFolder.WEB_APP)
                .write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v7\n");
        String sha = repo.commitAndPush("Deploy v7");
        Path cfg = tmp.resolve("cutover.yaml");
        Files.writeString(cfg, "server: s1\nrepo:\n  url: " + repo.remote() + "\n  workdir: clone\n");
        Captured c = Captured.run("diff", "--config", cfg.toString());
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.out().contains(sha.substring(0, 12) + " (Deploy v7)"), c.out());
        assertTrue(c.out().contains("web") && c.out().contains("127.0.0.1:5000/cutover-demo:v7"), c.out());
    }

    @Test
    void anUnreachableRepositoryIsExitCodeFour() throws Exception {
        Path cfg = tmp.resolve("cutover.yaml");
        Files.writeString(cfg, "server: s1\nrepo:\n  url: " + tmp.resolve("missing.git") + "\n  workdir: clone\n");
        Captured c = Captured.run("diff", "--config", cfg.toString());
        assertEquals(ExitCodes.UNAVAILABLE, c.exitCode(), c.err());
        assertTrue(c.err().startsWith("cutover: cannot fetch"), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
    }

    @Test
    void diffAndRollbackAreExitCodeFourWhenTheDockerEngineCannotBeReached() throws Exception {
        GitRepo repo = new GitRepo(tmp);
        repo.write("desired-state/apps/web.yaml", DesiredStateFolder.WEB_APP)
                .write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v7\n");
        repo.commitAndPush("Deploy v7");
        Path cfg = tmp.resolve("cutover.yaml");
        Files.writeString(cfg, "server: s1\nrepo:\n  url: " + repo.remote() + "\n  workdir: clone\n"
                + "docker:\n  host: unix://" + tmp.resolve("no-engine.sock") + "\n"
                + "nginx:\n  upstreamDir: upstreams\n");
        for (String command : new String[] {"diff", "rollback"}) {
            Captured c = command.equals("diff") ? Captured.run("diff", "--config", cfg.toString())
                    : Captured.run("rollback", "--app", "web", "--config", cfg.toString());
            assertEquals(ExitCodes.UNAVAILABLE, c.exitCode(), command + ": " + c.err());
            assertTrue(c.err().startsWith("cutover: docker: "), command + ": " + c.err());
            assertEquals(1, c.err().lines().count(), c.err());
        }
    }
}

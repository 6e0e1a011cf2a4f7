package dev.cutover.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.HostConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status refs against a real bare repository that the git command line made and reads. */
class StatusRefsTest {
    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void remote() {
        repo = new GitRepo(tmp);
        repo.write("desired-state/apps/web.yaml", DesiredStateFolder.WEB_APP)
                .write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v1\n");
        repo.commitAndPush("Deploy web v1");
    }

    private GitSource clone(String name) throws Exception {
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone-" + name)));
        git.sync();
        return git;
    }

    private static String text(Map<String, byte[]> reports, String server) {
        return new String(reports.get(server), StandardCharsets.UTF_8);
    }

    @Test
    void eachServerPublishesItsOwnRefAndEveryServerReadsAllOfThemWithItsNextSync() throws Exception {
        GitSource a = clone("a");
        GitSource b = clone("b");
        a.publishStatus("a", "report of a\n");
        b.publishStatus("b", "report of b\n");
        a.sync();
        Map<String, byte[]> seen = a.statusReports(1024);
        assertEquals("report of a\n", text(seen, "a"));
        assertEquals("report of b\n", text(seen, "b"));
        assertTrue(GitRepo.git(repo.remote(), "for-each-ref", "refs/cutover/status/").contains("refs/cutover/status/b"));
        // A new report replaces the old one: no history is kept.
        b.publishStatus("b", "second report of b\n");
        a.sync();
        assertEquals("second report of b\n", text(a.statusReports(1024), "b"));
        assertEquals("1", GitRepo.git(repo.remote(), "rev-list", "--count", "refs/cutover/status/b").trim());
    }

    @Test
    void statusPushesThatRaceNeverLoseAServersReport() throws Exception {
        List<GitSource> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servers.add(clone("s" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                GitSource g = servers.get(i);
                String name = "s" + i;
                done.add(pool.submit(() -> {
                    for (int round = 1; round <= 10; round++) {
                        g.publishStatus(name, name + " round " + round + "\n");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        GitSource reader = clone("reader");
        Map<String, byte[]> seen = reader.statusReports(1024);
        for (int i = 0; i < 4; i++) {
            assertEquals("s" + i + " round 10\n", text(seen, "s" + i));
        }
    }

    @Test
    void aRefThatIsNoServerNameOrTooLargeIsLeftOut() throws Exception {
        GitSource a = clone("a");
        a.publishStatus("a", "x".repeat(2000));
        a.publishStatus("good", "fine\n");
        GitSource reader = clone("reader");
        Map<String, byte[]> seen = reader.statusReports(1024);
        assertFalse(seen.containsKey("a"));
        assertEquals("fine\n", text(seen, "good"));
    }

    @Test
    void aGitHostThatRefusesStatusRefsIsAClearRejection() throws Exception {
        // The remote cannot create refs under refs/cutover (as when the host's rules forbid the namespace).
        Files.writeString(repo.remote().resolve("refs/cutover"), "");
        GitSource a = clone("a");
        GitException e = assertThrows(GitException.class, () -> a.publishStatus("a", "report\n"));
        assertEquals(GitException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("refused the push of refs/cutover/status/a"), e.getMessage());
    }

    @Test
    void aLockOnItsRefLeftByAnEarlierProcessKilledMidPushDoesNotBlockTheServersReportsForGood() throws Exception {
        GitSource a = clone("a");
        // What a daemon killed in the middle of its push to a repository on this machine leaves behind.
        Path lock = publishedWithALockLeft(a);
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(jvmStart - 60_000));
        clone("a").publishStatus("a", "after the restart\n");  // the restarted daemon, on the same work folder
        assertFalse(Files.exists(lock));
        GitSource reader = clone("reader");
        assertEquals("after the restart\n", text(reader.statusReports(1024), "a"));
    }

    @Test
    void aLockTakenSinceThisProcessStartedIsLeftInPlaceAndThePushIsRefused() throws Exception {
        GitSource a = clone("a");
        // Could be a push in flight: not this server's to take away.
        Path lock = publishedWithALockLeft(a);
        GitSource restarted = clone("a");  // its first push, where a lock left before it would be removed
        GitException e = assertThrows(GitException.class, () -> restarted.publishStatus("a", "second\n"));
        assertEquals(GitException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("failed to lock"), e.getMessage());
        assertTrue(Files.exists(lock));
    }

    /** Server a's ref published once, then a lock file on it in the remote, as a push under way holds it. */
    private Path publishedWithALockLeft(GitSource a) throws Exception {
        a.publishStatus("a", "first\n");
        Path lock = repo.remote().resolve("refs/cutover/status/a.lock");
        Files.writeString(lock, "0".repeat(40) + "\n");
        return lock;
    }
}

package dev.cutover.git;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LocalRemote: whether a fetch from a remote on this machine would change nothing in the clone
 * (its branch and every status ref as the clone has them), read without a fetch.
 */
class LocalRemoteTest {
    private static final String REMOTE_REF = "refs/remotes/origin/main";

    @TempDir
    Path tmp;
    GitRepo repo;
    Git clone;
    LocalRemote remote = new LocalRemote();

    @BeforeEach
    void remoteAndClone() throws Exception {
        repo = new GitRepo(tmp.resolve("r"));
        repo.write("a.txt", "1\n");
        repo.commitAndPush("one");
        clone = Git.init().setDirectory(tmp.resolve("clone").toFile()).call();
        origin(repo.remote().toString());
    }

    @AfterEach
    void close() {
        remote.close();
        clone.close();
    }

    private void origin(String url) throws Exception {
        StoredConfig c = clone.getRepository().getConfig();
        c.setString("remote", "origin", "url", url);
        c.save();
    }

    /** What GitSource's fetch does: the branch and every status ref, deleted ones pruned. */
    private void fetch() {
        GitRepo.git(tmp.resolve("clone"), "fetch", "--quiet", "--prune", "origin", "+refs/heads/main:" + REMOTE_REF,
                "+" + StatusRefs.PREFIX + "*:" + StatusRefs.PREFIX + "*");
    }

    private boolean unchanged() {
        return remote.fetchWouldChangeNothing(clone.getRepository(), "main", REMOTE_REF);
    }

    private void statusRef(String server, String sha) {
        GitRepo.git(repo.remote(), "update-ref", StatusRefs.PREFIX + server, sha);
    }

    @Test
    void aPathAFileUrlAndAPathFromTheCloneAllReadAsUnchangedOnceFetched() throws Exception {
        assertFalse(unchanged(), "nothing fetched yet");
        fetch();
        assertTrue(unchanged());
        origin("file://" + repo.remote());
        assertTrue(unchanged());
        origin("../r/remote.git");  // as JGit's local transport takes it: from the clone's work tree
        assertTrue(unchanged());
    }

    @Test
    void everyNewCommitAndForcePushIsSeenAtOnceThoughTheRemoteStaysOpen() throws Exception {
        fetch();
        for (int i = 0; i < 5; i++) {  // quicker than a file's time stamp changes
            repo.write("a.txt", i + "\n");
            repo.commitAndPush("commit " + i);
            assertFalse(unchanged(), "commit " + i);
            fetch();
            assertTrue(unchanged(), "commit " + i + " fetched");
        }
        repo.amendAndForcePush("rewritten");
        assertFalse(unchanged(), "force-pushed");
        fetch();
        GitRepo.git(repo.remote(), "pack-refs", "--all");
        assertTrue(unchanged(), "after pack-refs");
    }

    @Test
    void aStatusRefAddedMovedOrDeletedOnTheRemoteIsAChangeTheFetchMustBring() throws Exception {
        String one = repo.head();
        fetch();
        statusRef("web-1", one);
        assertFalse(unchanged(), "a new server's report");
        fetch();
        assertTrue(unchanged());
        repo.write("a.txt", "2\n");
        String two = repo.commitAndPush("two");
        fetch();
        statusRef("web-1", two);
        assertFalse(unchanged(), "a report replaced");
        fetch();
        assertTrue(unchanged());
        GitRepo.git(repo.remote(), "update-ref", "-d", StatusRefs.PREFIX + "web-1");
        assertFalse(unchanged(), "a report deleted");
        fetch();
        assertTrue(unchanged());
    }

    @Test
    void anythingNotPlainlyALocalRepositoryBranchCountsAsChanged() throws Exception {
        fetch();
        assertFalse(remote.fetchWouldChangeNothing(clone.getRepository(), "no-such-branch", "refs/remotes/origin/no-such-branch"));
        origin("https://git.example.com/desired.git");
        assertFalse(unchanged());
        origin("git@git.example.com:desired.git");
        assertFalse(unchanged());
        origin(tmp.resolve("nothing-here").toString());
        assertFalse(unchanged());
        Path bundle = tmp.resolve("desired.bundle");
        GitRepo.git(repo.work(), "bundle", "create", bundle.toString(), "main");
        origin(bundle.toString());
        assertFalse(unchanged());
    }

    @Test
    void aRemoteMovedAwayAndAnotherPutInItsPlaceIsReadAsItIsNow() throws Exception {
        fetch();
        assertTrue(unchanged());
        Files.move(repo.remote(), tmp.resolve("gone.git"));
        assertFalse(unchanged());
        GitRepo other = new GitRepo(tmp.resolve("other"));
        other.write("b.txt", "2\n");
        other.commitAndPush("other");
        Files.move(other.remote(), repo.remote());
        assertFalse(unchanged(), "another repository's branch");
        fetch();
        assertTrue(unchanged());
    }
}

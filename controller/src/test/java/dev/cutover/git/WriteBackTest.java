package dev.cutover.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.HostConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover rollback --commit}'s way into git, against real repositories made by the git command line. */
class WriteBackTest {
    static final String SERVER_FILE = "# the production box\napps:\n  web:\n    tag: v3   # Monday's release\n";

    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void remoteAtV3() {
        repo = new GitRepo(tmp);
        repo.write("desired-state/apps/web.yaml", DesiredStateFolder.WEB_APP).write("desired-state/servers/s1.yaml", SERVER_FILE);
        repo.commitAndPush("Deploy web v3");
    }

    private DesiredSource source() {
        return new DesiredSource(HostConfigs.forRepo("s1", HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")), tmp));
    }

    private String remote(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--git-dir";
        all[1] = repo.remote().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return GitRepo.git(tmp, all);
    }

    @Test
    void theTagLineIsChangedCommittedAndPushedAndTheRestOfTheFileIsKept() throws Exception {
        DesiredSource source = source();
        Revision r = source.writeBack("web", "v2", "Roll back web to v2 on s1 (cutover rollback)").orElseThrow();
        assertEquals(r.sha(), remote("rev-parse", "main").trim(), "the branch holds the new commit");
        assertEquals(SERVER_FILE.replace("tag: v3", "tag: v2"), remote("show", "main:desired-state/servers/s1.yaml"));
        assertEquals("Cutover <cutover@s1>|Roll back web to v2 on s1 (cutover rollback)",
                remote("log", "-1", "--format=%an <%ae>|%s", "main").trim());
        assertEquals("desired-state/servers/s1.yaml", remote("show", "--name-only", "--format=", "main").trim(), "one file changed");
        assertEquals("v2", source.refresh().snapshot().orElseThrow().state().app("web").orElseThrow().tag());
    }

    @Test
    void whenGitAlreadySaysTheTagNothingIsCommitted() throws Exception {
        String head = repo.head();
        assertEquals(Optional.empty(), source().writeBack("web", "v3", "Roll back web to v3 on s1 (cutover rollback)"));
        assertEquals(head, remote("rev-parse", "main").trim());
    }

    @Test
    void aPushRefusedBecauseTheBranchMovedOnIsRejectedAndTheNextSyncFollowsTheBranch() throws Exception {
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        git.sync();
        // Someone else pushes between Cutover's fetch and its push.
        repo.write("desired-state/servers/s1.yaml", SERVER_FILE.replace("v3", "v4"));
        String theirs = repo.commitAndPush("Deploy web v4");
        GitException e = assertThrows(GitException.class, () -> git.commitAndPush("desired-state/servers/s1.yaml",
                SERVER_FILE.replace("v3", "v2"), "Roll back web to v2 on s1 (cutover rollback)", new PersonIdent("Cutover", "cutover@s1")));
        assertEquals(GitException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("refused the push to branch main: the branch has moved on since the fetch"), e.getMessage());
        assertEquals(theirs, remote("rev-parse", "main").trim(), "their commit stands");
        assertEquals(theirs, git.sync().sha(), "the clone follows the branch again");
    }

    @Test
    void aPushTheRemoteCannotApplyIsRejectedWithItsReason() throws Exception {
        // The remote cannot update the branch (as when a server-side check or a lock refuses it).
        Files.writeString(repo.remote().resolve("refs/heads/main.lock"), "");
        String head = repo.head();
        GitException e = assertThrows(GitException.class,
                () -> source().writeBack("web", "v2", "Roll back web to v2 on s1 (cutover rollback)"));
        assertEquals(GitException.Kind.REJECTED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("refused the push to branch main: "), e.getMessage());
        Files.delete(repo.remote().resolve("refs/heads/main.lock"));
        assertEquals(head, remote("rev-parse", "main").trim());
    }
}

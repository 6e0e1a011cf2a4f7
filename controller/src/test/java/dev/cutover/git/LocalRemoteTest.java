package dev.cutover.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalRemote: the branch head of a remote on this machine, read without a fetch, or empty. */
class LocalRemoteTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    Git clone;

    @BeforeEach
    void remoteAndClone() throws Exception {
        repo = new GitRepo(tmp.resolve("r"));
        repo.write("a.txt", "1\n");
        repo.commitAndPush("one");
        clone = Git.init().setDirectory(tmp.resolve("clone").toFile()).call();
    }

    private void origin(String url) throws Exception {
        StoredConfig c = clone.getRepository().getConfig();
        c.setString("remote", "origin", "url", url);
        c.save();
    }

    private Optional<ObjectId> head(LocalRemote remote, String branch) {
        return remote.head(clone.getRepository(), branch);
    }

    @Test
    void aPathAFileUrlAndAPathFromTheCloneAllReadTheBranchHead() throws Exception {
        ObjectId one = ObjectId.fromString(repo.head());
        try (LocalRemote remote = new LocalRemote()) {
            origin(repo.remote().toString());
            assertEquals(Optional.of(one), head(remote, "main"));
            origin("file://" + repo.remote());
            assertEquals(Optional.of(one), head(remote, "main"));
            origin("../r/remote.git");  // as JGit's local transport takes it: from the clone's work tree
            assertEquals(Optional.of(one), head(remote, "main"));
        }
    }

    @Test
    void everyNewCommitAndForcePushIsSeenAtOnceThoughTheRemoteStaysOpen() throws Exception {
        try (LocalRemote remote = new LocalRemote()) {
            origin(repo.remote().toString());
            for (int i = 0; i < 5; i++) {  // quicker than a file's time stamp changes
                repo.write("a.txt", i + "\n");
                String sha = repo.commitAndPush("commit " + i);
                assertEquals(Optional.of(ObjectId.fromString(sha)), head(remote, "main"), "commit " + i);
            }
            String rewritten = repo.amendAndForcePush("rewritten");
            assertEquals(Optional.of(ObjectId.fromString(rewritten)), head(remote, "main"));
            GitRepo.git(repo.remote(), "pack-refs", "--all");
            assertEquals(Optional.of(ObjectId.fromString(rewritten)), head(remote, "main"), "after pack-refs");
        }
    }

    @Test
    void anythingNotPlainlyALocalRepositoryBranchIsEmpty() throws Exception {
        try (LocalRemote remote = new LocalRemote()) {
            origin(repo.remote().toString());
            assertEquals(Optional.empty(), head(remote, "no-such-branch"));
            origin("https://git.example.com/desired.git");
            assertEquals(Optional.empty(), head(remote, "main"));
            origin("git@git.example.com:desired.git");
            assertEquals(Optional.empty(), head(remote, "main"));
            origin(tmp.resolve("nothing-here").toString());
            assertEquals(Optional.empty(), head(remote, "main"));
            Path bundle = tmp.resolve("desired.bundle");
            GitRepo.git(repo.work(), "bundle", "create", bundle.toString(), "main");
            origin(bundle.toString());
            assertEquals(Optional.empty(), head(remote, "main"));
        }
    }

    @Test
    void aRemoteMovedAwayAndAnotherPutInItsPlaceIsReadAsItIsNow() throws Exception {
        try (LocalRemote remote = new LocalRemote()) {
            origin(repo.remote().toString());
            assertEquals(Optional.of(ObjectId.fromString(repo.head())), head(remote, "main"));
            Files.move(repo.remote(), tmp.resolve("gone.git"));
            assertEquals(Optional.empty(), head(remote, "main"));
            GitRepo other = new GitRepo(tmp.resolve("other"));
            other.write("b.txt", "2\n");
            String sha = other.commitAndPush("other");
            Files.move(other.remote(), repo.remote());
            assertEquals(Optional.of(ObjectId.fromString(sha)), head(remote, "main"));
        }
    }
}

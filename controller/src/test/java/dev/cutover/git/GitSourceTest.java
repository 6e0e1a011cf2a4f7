package dev.cutover.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cutover.config.HostConfig;
import dev.cutover.testing.DesiredStateFolder;
import dev.cutover.testing.GitRepo;
import dev.cutover.testing.HostConfigs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitSource and DesiredSource against real repositories made by the git command line. */
class GitSourceTest {
    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void remoteWithOneValidCommit() {
        repo = new GitRepo(tmp);
        repo.write("desired-state/apps/web.yaml", DesiredStateFolder.WEB_APP)
                .write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v1\n");
        repo.commitAndPush("Deploy web v1");
    }

    private DesiredSource source(String url) {
        return new DesiredSource(HostConfigs.forRepo("s1", HostConfigs.repo(url, tmp.resolve("clone")), tmp));
    }

    private static String tagOf(DesiredSource.Refresh r) {
        return r.snapshot().orElseThrow().state().app("web").orElseThrow().tag();
    }

    @Test
    void theFirstSyncClonesAndReportsTheCommit() throws Exception {
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        Revision r = git.sync();
        assertEquals(repo.head(), r.sha());
        assertEquals("Deploy web v1", r.subject());
        assertTrue(Duration.between(r.authorTime(), java.time.Instant.now()).abs().toMinutes() < 5);
        assertTrue(Files.isRegularFile(tmp.resolve("clone/desired-state/servers/s1.yaml")));
    }

    @Test
    void aNewCommitIsSeenByTheNextSyncWithoutRecloning() throws Exception {
        DesiredSource source = source(repo.remote().toString());
        assertEquals("v1", tagOf(source.refresh()));
        Path marker = tmp.resolve("clone/.git/cutover-marker");
        Files.writeString(marker, "still the same clone");
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v2\n");
        String sha = repo.commitAndPush("Deploy web v2");
        DesiredSource.Refresh r = source.refresh();
        assertEquals("v2", tagOf(r));
        assertEquals(sha, r.snapshot().get().revision().sha());
        assertTrue(Files.exists(marker), "the clone was replaced instead of fetched into");
    }

    @Test
    void anUntouchedCheckoutOfTheSameCommitIsNeitherResetNorReadAgain() throws Exception {
        DesiredSource source = source(repo.remote().toString());
        DesiredSource.Refresh first = source.refresh();
        DesiredSource.Refresh second = source.refresh();
        assertSame(first.snapshot().orElseThrow(), second.snapshot().orElseThrow(), "the same commit was read again");
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v2\n");
        repo.commitAndPush("Deploy web v2");
        assertEquals("v2", tagOf(source.refresh()));
    }

    @Test
    void editsChangesAndStrayFilesInTheCloneNeverSurviveASyncEvenWithoutANewCommit() throws Exception {
        DesiredSource source = source(repo.remote().toString());
        assertEquals("v1", tagOf(source.refresh()));
        Path clone = tmp.resolve("clone");
        for (String edit : List.of("edit", "stray", "ignored")) {
            switch (edit) {
                case "edit" -> Files.writeString(clone.resolve("desired-state/servers/s1.yaml"), "apps:\n  web:\n    tag: v9\n");
                case "stray" -> Files.writeString(clone.resolve("desired-state/apps/stray.yaml"), "port: 1\n");
                default -> {
                    Files.createDirectories(clone.resolve(".git/info"));
                    Files.writeString(clone.resolve(".git/info/exclude"), "*.local\n");
                    Files.writeString(clone.resolve("desired-state/servers/s1.local"), "x\n");
                }
            }
            assertEquals("v1", tagOf(source.refresh()), edit);
            assertEquals("apps:\n  web:\n    tag: v1\n", Files.readString(clone.resolve("desired-state/servers/s1.yaml")), edit);
            assertFalse(Files.exists(clone.resolve("desired-state/apps/stray.yaml")), edit);
            assertFalse(Files.exists(clone.resolve("desired-state/servers/s1.local")), edit);
        }
    }

    @Test
    void aForcePushIsFollowed() throws Exception {
        DesiredSource source = source("file://" + repo.remote());
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v2\n");
        repo.commitAndPush("Deploy web v2");
        assertEquals("v2", tagOf(source.refresh()));
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v3\n");
        String rewritten = repo.amendAndForcePush("Deploy web v3 instead");
        DesiredSource.Refresh r = source.refresh();
        assertEquals("v3", tagOf(r));
        assertEquals(rewritten, r.snapshot().get().revision().sha());
    }

    @Test
    void anUnreachableRemoteKeepsTheLastStateAndSaysWhy() throws Exception {
        DesiredSource source = source(repo.remote().toString());
        assertEquals("v1", tagOf(source.refresh()));
        Files.move(repo.remote(), tmp.resolve("gone.git"));
        DesiredSource.Refresh r = source.refresh();
        assertEquals("v1", tagOf(r));
        assertTrue(r.failure().orElseThrow().retrySoon(), "a host that cannot be reached is retried soon");
        assertTrue(r.error().orElseThrow().contains("cannot fetch " + repo.remote()), r.error().get());
    }

    @Test
    void anInvalidCommitAtHeadIsReportedAndThePreviousValidStateStays() throws Exception {
        DesiredSource source = source(repo.remote().toString());
        assertEquals("v1", tagOf(source.refresh()));
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v2\n    colour: red\n");
        repo.commitAndPush("Broken change");
        DesiredSource.Refresh r = source.refresh();
        assertEquals("v1", tagOf(r));
        assertTrue(r.failure().orElseThrow() instanceof dev.cutover.outcome.Failure.Invalid);
        assertTrue(r.error().orElseThrow().contains("servers/s1.yaml:4: apps.web.colour: unknown field"), r.error().get());
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v3\n");
        repo.commitAndPush("Fixed");
        assertEquals("v3", tagOf(source.refresh()));
    }

    @Test
    void aMissingBranchIsAClearError() {
        HostConfig.Repo cfg = new HostConfig.Repo(repo.remote().toString(), "release", "desired-state",
                Duration.ofSeconds(30), Optional.empty(), "x-access-token", tmp.resolve("clone"));
        GitException e = assertThrows(GitException.class, () -> new GitSource(cfg).sync());
        assertTrue(e.getMessage().contains("release"), e.getMessage());
    }

    @Test
    void anHttpsTokenIsSentAsBasicAuthAndARejectionIsReportedWithoutTheTokenAsRejected() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            Path tokenFile = tmp.resolve("token");
            Files.writeString(tokenFile, "s3cr3t-token\n");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/team/desired.git";
            HostConfig.Repo cfg = new HostConfig.Repo(url, "main", "desired-state", Duration.ofSeconds(30),
                    Optional.of(tokenFile), "x-access-token", tmp.resolve("clone"));
            GitException e = assertThrows(GitException.class, () -> new GitSource(cfg).sync());
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    "x-access-token:s3cr3t-token".getBytes(StandardCharsets.UTF_8));
            assertTrue(authorizations.contains(expected), authorizations.toString());
            assertTrue(e.getMessage().contains("not authorized") || e.getMessage().contains("Authentication"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t-token"), e.getMessage());
            assertEquals(GitException.Kind.REJECTED, e.kind(), "a refused token is the operator's to fix");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingBranchNeedsTheOperator() {
        HostConfig.Repo cfg = new HostConfig.Repo(repo.remote().toString(), "release", "desired-state",
                Duration.ofSeconds(30), Optional.empty(), "x-access-token", tmp.resolve("clone"));
        GitException e = assertThrows(GitException.class, () -> new GitSource(cfg).sync());
        assertEquals(GitException.Kind.MISCONFIGURED, e.kind(), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void aBranchDeletedFromALocalRemoteAfterASyncIsReportedAsMissingNotServedFromTheClone() throws Exception {
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        assertEquals(repo.head(), git.sync().sha());
        assertEquals(repo.head(), git.sync().sha(), "nothing new: the same commit");
        GitRepo.git(repo.remote(), "update-ref", "-d", "refs/heads/main");
        GitException e = assertThrows(GitException.class, git::sync);
        assertEquals(GitException.Kind.MISCONFIGURED, e.kind(), e.getMessage());
    }

    @Test
    void anUnreachableRemoteIsTransient() throws Exception {
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        git.sync();
        Files.move(repo.remote(), tmp.resolve("gone.git"));
        GitException e = assertThrows(GitException.class, git::sync);
        assertEquals(GitException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        assertTrue(e.isTransient());
    }

    @Test
    void aCloneDeletedOrReplacedBetweenSyncsIsFollowedFromTheFolderAsItIsNow() throws Exception {
        Path clone = tmp.resolve("clone");
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), clone));
        git.sync();
        // Deleted under the daemon: cloned again, not read through the repository opened before.
        deleteTree(clone);
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v2\n");
        String v2 = repo.commitAndPush("Deploy web v2");
        assertEquals(v2, git.sync().sha());
        assertTrue(Files.readString(clone.resolve("desired-state/servers/s1.yaml")).contains("v2"));
        // Replaced by another copy of Cutover's clone (same marker, another .git folder), one commit behind.
        Path copy = tmp.resolve("copy");
        GitSource other = new GitSource(HostConfigs.repo(repo.remote().toString(), copy));
        other.sync();
        repo.write("desired-state/servers/s1.yaml", "apps:\n  web:\n    tag: v3\n");
        String v3 = repo.commitAndPush("Deploy web v3");
        deleteTree(clone);
        Files.move(copy, clone);
        assertEquals(v3, git.sync().sha());
        assertTrue(Files.readString(clone.resolve("desired-state/servers/s1.yaml")).contains("v3"));
    }

    @Test
    void aSymlinkCommittedToTheRepositoryIsNeverMaterialised() throws Exception {
        Path outside = tmp.resolve("outside-secret");
        Files.writeString(outside, "host secret");
        Files.createSymbolicLink(repo.work().resolve("desired-state/apps/evil.yaml"), outside);
        Files.createSymbolicLink(repo.work().resolve("desired-state/etc"), Path.of("/etc"));
        repo.commitAndPush("A link to a host file");
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        git.sync();
        assertNoLink(tmp.resolve("clone/desired-state/apps/evil.yaml"));
        assertNoLink(tmp.resolve("clone/desired-state/etc"));
        assertEquals("false", GitRepo.git(tmp.resolve("clone"), "config", "core.symlinks").trim());
    }

    @Test
    void aSymlinkAddedByALaterCommitIsNeverMaterialised() throws Exception {
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        git.sync();
        Files.createSymbolicLink(repo.work().resolve("desired-state/servers/s2.yaml"), Path.of("/etc/passwd"));
        String sha = repo.commitAndPush("A link, later");
        assertEquals(sha, git.sync().sha());
        assertNoLink(tmp.resolve("clone/desired-state/servers/s2.yaml"));
    }

    private static void deleteTree(Path top) throws Exception {
        try (java.util.stream.Stream<Path> all = Files.walk(top)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void assertNoLink(Path p) throws Exception {
        assertFalse(Files.isSymbolicLink(p), p + " is a symbolic link");
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            assertTrue(Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS), p + " is not a plain file");
        }
    }

    @Test
    void aWorkFolderThatIsNotCutoversCloneIsRefusedAndLeftUntouched() throws Exception {
        Path workdir = tmp.resolve("clone");
        Files.createDirectories(workdir.resolve(".git"));
        Files.writeString(workdir.resolve("notes.txt"), "someone's work");
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), workdir));
        GitException e = assertThrows(GitException.class, git::sync);
        assertEquals(GitException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("repo.workdir " + workdir + " exists and is not Cutover's clone"), e.getMessage());
        assertEquals("someone's work", Files.readString(workdir.resolve("notes.txt")));
        assertTrue(Files.isDirectory(workdir.resolve(".git")));
    }

    @Test
    void anEmptyExistingWorkFolderIsClonedInto() throws Exception {
        Files.createDirectories(tmp.resolve("clone"));
        GitSource git = new GitSource(HostConfigs.repo(repo.remote().toString(), tmp.resolve("clone")));
        assertEquals(repo.head(), git.sync().sha());
    }

    @Test
    void aChangedUrlReplacesCutoversOwnClone() throws Exception {
        Path workdir = tmp.resolve("clone");
        new GitSource(HostConfigs.repo(repo.remote().toString(), workdir)).sync();
        Files.writeString(workdir.resolve(".git/left-by-the-old-clone"), "x");
        GitRepo other = new GitRepo(tmp.resolve("other"));
        other.write("desired-state/servers/s1.yaml", "apps: {}\n");
        String sha = other.commitAndPush("Another repository");
        assertEquals(sha, new GitSource(HostConfigs.repo(other.remote().toString(), workdir)).sync().sha());
        assertFalse(Files.exists(workdir.resolve(".git/left-by-the-old-clone")));
        assertFalse(Files.exists(workdir.resolve("desired-state/apps/web.yaml")));
    }

    @Test
    void reCloningNeverFollowsALinkOutOfTheWorkFolder() throws Exception {
        Path workdir = tmp.resolve("clone");
        new GitSource(HostConfigs.repo(repo.remote().toString(), workdir)).sync();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("planted"), "must survive");
        Files.createSymbolicLink(workdir.resolve("desired-state/escape"), outside);
        Files.createSymbolicLink(workdir.resolve(".git/escape-file"), outside.resolve("planted"));
        new GitSource(HostConfigs.repo("file://" + repo.remote(), workdir)).sync();
        assertEquals("must survive", Files.readString(outside.resolve("planted")));
        assertFalse(Files.exists(workdir.resolve("desired-state/escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}

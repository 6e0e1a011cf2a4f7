package dev.cutover.git;

import dev.cutover.config.HostConfig;
import dev.cutover.yaml.Excerpt;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Follows one branch of the desired-state repository. The first sync creates Cutover's clone
 * in the work folder; every sync is a single fetch of that branch (skipped when the remote is a
 * repository on this machine whose branch and status refs are as already fetched, see {@link LocalRemote})
 * followed by a hard reset to the fetched commit (skipped when the tree is already exactly that commit), so a force-push
 * is followed like any other change and local edits never survive. The checkout never materialises a symbolic link ({@code core.symlinks=false}): a
 * link committed to the repository becomes a plain file holding its target, so nothing a
 * commit contains can make Cutover read outside its checkout.
 */
public final class GitSource {
    private static final int TIMEOUT_SECONDS = 30;
    private static final int LS_REMOTE_TIMEOUT_SECONDS = 10;

    private final HostConfig.Repo config;
    private final CloneFolder folder;
    private volatile boolean checkoutUnchanged;
    /** Packs the clone's objects once every this many status reports. */
    private static final int GC_EVERY = 500;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GitSource.class);
    /**
     * When this class was loaded: every push of this process comes after it, so a lock on this
     * server's status ref older than that is no push of ours in flight.
     */
    private static final java.time.Instant LOADED = java.time.Instant.now();
    /** Status reports pushed by this process. */
    private long published;
    /**
     * The clone's repository, kept open from one sync to the next: opening it again on every
     * pass read its config and its pack index anew each time. Reopened when the clone's .git
     * folder is another one (emptied, re-created, replaced) than the one it was opened on.
     */
    private Repository repository;
    private Object repositoryKey;
    /** The remote, read directly when it is a repository on this machine. */
    private final LocalRemote localRemote = new LocalRemote();

    public GitSource(HostConfig.Repo config) {
        this.config = config;
        this.folder = new CloneFolder(config.workdir());
    }

    /** The checked-out working tree. */
    public Path checkout() {
        return config.workdir();
    }

    /** Brings the working tree to the remote branch's head and says which commit that is. */
    public synchronized Revision sync() throws GitException {
        RecordingCredentials credentials = credentials();
        try {
            prepareFolder();
            try (Git git = open()) {
                neverSymlinks(git);
                String remoteRef = "refs/remotes/origin/" + config.branch();
                // A remote on this machine whose branch and status refs are where the clone's copies
                // of them already are: a fetch would change nothing (see LocalRemote), and is skipped.
                if (!localRemote.fetchWouldChangeNothing(git.getRepository(), config.branch(), remoteRef)) {
                    authenticate(git.fetch(), credentials)
                            .setRemote("origin")
                            // Every server's status ref comes with the branch: the fleet's reports, in the same fetch.
                            .setRefSpecs(new RefSpec("+refs/heads/" + config.branch() + ":" + remoteRef),
                                    new RefSpec("+" + StatusRefs.PREFIX + "*:" + StatusRefs.PREFIX + "*"))
                            .setRemoveDeletedRefs(true)
                            // The clone never has a submodule checked out: nothing to look for in every fetched tree.
                            .setRecurseSubmodules(SubmoduleConfig.FetchRecurseSubmodulesMode.NO)
                            .call();
                }
                Ref ref = git.getRepository().exactRef(remoteRef);
                if (ref == null) {
                    throw missingBranch(null);
                }
                checkoutUnchanged = false;
                boolean asIs = isCheckedOutAsIs(git, ref.getObjectId());
                if (!asIs) {
                    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(ref.getObjectId().name()).call();
                    git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
                }
                Revision revision = describe(git, ref.getObjectId());
                checkoutUnchanged = asIs;
                return revision;
            }
        } catch (org.eclipse.jgit.api.errors.TransportException e) {
            closeRepository();  // opened afresh after any failure
            GitException.Kind kind = FailureKinds.of(e, credentials.asked());
            if (kind == GitException.Kind.UNREACHABLE && remoteLacksBranch()) {
                throw missingBranch(e);
            }
            throw new GitException(kind, failed(e), e);
        } catch (GitAPIException | IOException | RuntimeException e) {
            closeRepository();
            throw new GitException(FailureKinds.of(e, credentials.asked()), failed(e), e);
        }
    }

    /**
     * Commits one file of the checkout, changed to {@code content}, on top of the commit the last
     * {@link #sync} checked out, and pushes it to the followed branch with the repo credentials
     * ({@code cutover rollback --commit}). A push the git host refuses (the branch moved on, no
     * permission, a hook said no) is a {@link GitException.Kind#REJECTED} failure; either way
     * the next sync resets the clone to whatever the branch then holds.
     *
     * @param relative the file's path from the checkout's root, '/'-separated; an existing regular file
     */
    public synchronized Revision commitAndPush(String relative, String content, String message, PersonIdent who) throws GitException {
        RecordingCredentials credentials = credentials();
        try (Git git = open()) {
            // Replaced in place and never through a link (the loader refused links before this is called).
            Files.writeString(config.workdir().resolve(relative), content, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            git.add().addFilepattern(relative).call();
            // Not signed and no hooks: the host's git settings are not this commit's business.
            RevCommit commit = git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false)
                    .setNoVerify(true).call();
            for (PushResult result : authenticate(git.push(), credentials).setRemote("origin")
                    .setRefSpecs(new RefSpec(commit.name() + ":refs/heads/" + config.branch())).call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new GitException(GitException.Kind.REJECTED, safeUrl() + " refused the push to branch "
                                + config.branch() + ": " + refusal(update), null);
                    }
                }
            }
            return describe(git, commit);
        } catch (GitAPIException | IOException | RuntimeException e) {
            closeRepository();
            throw new GitException(FailureKinds.of(e, credentials.asked()),
                    "cannot push to " + safeUrl() + " branch " + config.branch() + ": " + reason(e), e);
        }
    }

    /**
     * Publishes this server's report: a new commit for {@code refs/cutover/status/<server>},
     * force-pushed. A push the git host refuses (no permission for the ref, a hook) is
     * {@link GitException.Kind#REJECTED}; an unreachable host is transient.
     */
    public synchronized void publishStatus(String server, String content) throws GitException {
        RecordingCredentials credentials = credentials();
        String ref = StatusRefs.ref(server);
        try (Git git = open()) {
            StatusRefs.writeLocal(git.getRepository(), server, content, java.time.Instant.now());
            // A lock an earlier process left is there before this one's first push, or not at all.
            if (published == 0 && localRemote.removeLockLeftBefore(git.getRepository(), ref, LOADED)) {
                LOG.warn("removed {}.lock from {}: left by an earlier process of this server that stopped in the middle of its push",
                        ref, safeUrl());
            }
            for (PushResult result : authenticate(git.push(), credentials).setRemote("origin")
                    .setRefSpecs(new RefSpec("+" + ref + ":" + ref)).call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new GitException(GitException.Kind.REJECTED, safeUrl() + " refused the push of " + ref + ": "
                                + refusal(update), null);
                    }
                }
            }
            if (++published % GC_EVERY == 0) {
                // Every report is three new objects in the clone: packed now and then, so they never pile up.
                git.gc().setExpire(java.util.Date.from(java.time.Instant.now().minusSeconds(3600))).call();
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            closeRepository();
            throw new GitException(FailureKinds.of(e, credentials.asked()), "cannot push " + ref + " to " + safeUrl() + ": " + reason(e), e);
        }
    }

    /** Every server's report as the last sync fetched it, by server name ({@link StatusRefs#readLocal}). */
    public synchronized java.util.Map<String, byte[]> statusReports(int maxBytes) throws GitException {
        try (Git git = open()) {
            return StatusRefs.readLocal(git.getRepository(), maxBytes);
        } catch (IOException | RuntimeException e) {
            closeRepository();
            throw new GitException(GitException.Kind.MISCONFIGURED, "cannot read the status refs in the clone: " + reason(e), e);
        }
    }

    private static String refusal(RemoteRefUpdate update) {
        if (update.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
            return "the branch has moved on since the fetch (not a fast-forward)";
        }
        return update.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (update.getMessage() == null ? "" : " (" + Excerpt.of(update.getMessage()) + ")");
    }

    /**
     * True when the last {@link #sync} found the working tree already at the fetched commit with
     * nothing changed, added or ignored in it, so the files are exactly those it held before.
     */
    public boolean checkoutUnchanged() {
        return checkoutUnchanged;
    }

    /**
     * Whether the working tree is at {@code commit} with no change, untracked or ignored file:
     * then a hard reset and a clean would change nothing, and are skipped (they rewrite the
     * index on every pass). Anything else gets them, so local edits never survive a sync.
     */
    private static boolean isCheckedOutAsIs(Git git, ObjectId commit) throws IOException, GitAPIException {
        ObjectId head = git.getRepository().resolve("HEAD");
        if (!commit.equals(head)) {
            return false;
        }
        Status status = git.status().call();
        return status.isClean() && status.getIgnoredNotInIndex().isEmpty();
    }

    private String failed(Throwable e) {
        return "cannot fetch " + safeUrl() + " branch " + config.branch() + ": " + reason(e);
    }

    private GitException missingBranch(Throwable cause) {
        return new GitException(GitException.Kind.MISCONFIGURED,
                "branch '" + config.branch() + "' does not exist in " + safeUrl(), cause);
    }

    /**
     * Asked only after a fetch failed, to tell a missing branch (the operator's to fix) from a
     * git host that is down: true only when the remote answered and does not have the branch.
     */
    private boolean remoteLacksBranch() {
        try {
            return authenticate(Git.lsRemoteRepository(), credentials())
                    .setTimeout(LS_REMOTE_TIMEOUT_SECONDS)
                    .setRemote(config.url()).setHeads(true).call().stream()
                    .noneMatch(r -> r.getName().equals("refs/heads/" + config.branch()));
        } catch (GitAPIException | GitException | RuntimeException e) {
            return false;
        }
    }

    /** The clone's repository, as a {@link Git} whose close leaves it open for the next sync. */
    private Git open() throws IOException {
        Path dotGit = config.workdir().resolve(".git");
        Object key = Files.readAttributes(dotGit, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (repository == null || key == null || !key.equals(repositoryKey)) {
            closeRepository();
            repository = Git.open(config.workdir().toFile()).getRepository();
            repositoryKey = key;
        }
        return Git.wrap(repository);
    }

    private void closeRepository() {
        localRemote.close();
        if (repository != null) {
            repository.close();
            repository = null;
            repositoryKey = null;
        }
    }

    /** Decides, from the marker, whether to clone, fetch, start over or refuse. */
    private void prepareFolder() throws IOException, GitAPIException, GitException {
        CloneFolder.State state = folder.state(config.url());
        if (state != CloneFolder.State.OURS) {
            closeRepository();
        }
        switch (state) {
            case OURS -> {
                return;
            }
            case FOREIGN -> throw new GitException(GitException.Kind.MISCONFIGURED, "repo.workdir " + config.workdir()
                    + " exists and is not Cutover's clone (no marker " + ".git/" + CloneFolder.MARKER
                    + "); empty it or choose another folder", null);
            case OURS_OTHER_URL -> folder.empty();
            case EMPTY -> {
                // nothing to clear
            }
        }
        createClone();
    }

    /**
     * An empty repository that will fetch the branch: the marker first, then the settings,
     * so nothing is ever checked out before {@code core.symlinks=false} holds.
     */
    private void createClone() throws IOException, GitAPIException {
        folder.claim(config.url());
        try (Git git = Git.init().setDirectory(config.workdir().toFile()).setInitialBranch(config.branch()).call()) {
            StoredConfig c = git.getRepository().getConfig();
            c.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, false);
            c.setString("remote", "origin", "url", config.url());
            c.setString("remote", "origin", "fetch", "+refs/heads/" + config.branch() + ":refs/remotes/origin/" + config.branch());
            c.save();
        }
    }

    /** Re-asserted on every sync: a clone whose config was edited by hand still never gets a link. */
    private static void neverSymlinks(Git git) throws IOException {
        StoredConfig c = git.getRepository().getConfig();
        if (c.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, true)) {
            c.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, false);
            c.save();
        }
    }

    /** Asks the host config's credentials file once per sync; unreadable is the operator's to fix. */
    private RecordingCredentials credentials() throws GitException {
        if (config.credentials().isEmpty() || !isHttp()) {
            return new RecordingCredentials(null);
        }
        try {
            String token = Files.readString(config.credentials().get(), StandardCharsets.UTF_8).trim();
            return new RecordingCredentials(new UsernamePasswordCredentialsProvider(config.username(), token));
        } catch (IOException e) {
            throw new GitException(GitException.Kind.MISCONFIGURED, "cannot read repo.credentials "
                    + config.credentials().get() + " (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    private boolean isSsh() {
        return config.url().startsWith("ssh://") || config.url().matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.*");
    }

    private boolean isHttp() {
        return config.url().startsWith("http://") || config.url().startsWith("https://");
    }

    private <C extends TransportCommand<C, ?>> C authenticate(C command, RecordingCredentials credentials) {
        command.setTimeout(TIMEOUT_SECONDS);
        command.setCredentialsProvider(credentials);
        if (config.credentials().isPresent() && isSsh()) {
            File home = FS.DETECTED.userHome();
            SshdSessionFactory ssh = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home)
                    .setSshDirectory(new File(home, ".ssh"))
                    .setDefaultIdentities(dir -> List.of(config.credentials().get()))
                    .setPreferredAuthentications("publickey")
                    .build(null);
            command.setTransportConfigCallback(t -> {
                if (t instanceof SshTransport s) {
                    s.setSshSessionFactory(ssh);
                }
            });
        }
        return command;
    }

    private static Revision describe(Git git, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit c = walk.parseCommit(id);
            return new Revision(id.name(), c.getAuthorIdent().getWhenAsInstant(), c.getShortMessage());
        }
    }

    private String safeUrl() {
        return config.safeUrl();
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String bottom = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return top.equals(bottom) ? top : top + " (" + bottom + ")";
    }
}

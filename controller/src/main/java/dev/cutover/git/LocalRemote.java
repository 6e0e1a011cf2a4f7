package dev.cutover.git;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;

/**
 * The refs a fetch would bring (the followed branch and every server's status ref), read straight
 * from the remote repository when that repository is on this machine (a path or a file:// URL, as
 * {@code ops/up}, the fleet tests and the benchmarks use). A fetch from such a repository opens it
 * afresh, starts an upload-pack thread and a timer thread and passes the ref advertisement through
 * pipes: most of the CPU of a pass that finds nothing new. When all those refs there are where the
 * clone's copies of them already are, that fetch would change nothing, so {@link GitSource} skips
 * it. Whatever this cannot read plainly (another kind of URL, a bundle file, no repository there,
 * the branch missing, an I/O error) counts as changed, and the fetch runs and reports as always. Kept open from one sync to the next, like the clone, and
 * reopened when the remote's git folder is another one; its refs are re-read from disk on every
 * look (JGit compares each ref file's snapshot).
 */
final class LocalRemote implements AutoCloseable {
    private Repository repository;
    private Object repositoryKey;

    /**
     * True when the clone's "origin" is a repository on this machine whose {@code branch} is at the
     * commit of the clone's {@code remoteRef} and whose status refs ({@link StatusRefs#PREFIX}) are
     * exactly the clone's, names and commits. The URL is the one a fetch would use (the clone's
     * config, with any {@code insteadOf} rewriting) and a relative path is taken from the clone's
     * work tree, as JGit's local transport does.
     */
    boolean fetchWouldChangeNothing(Repository clone, String branch, String remoteRef) {
        try {
            Optional<Repository> remote = open(clone);
            if (remote.isEmpty()) {
                return false;
            }
            Ref there = remote.get().exactRef("refs/heads/" + branch);
            Ref here = clone.exactRef(remoteRef);
            return there != null && here != null && there.getObjectId() != null && there.getObjectId().equals(here.getObjectId())
                    && statusRefs(remote.get()).equals(statusRefs(clone));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            close();  // the fetch that follows says what is wrong
            return false;
        }
    }

    /**
     * Removes the lock file that an earlier process left on {@code ref} in the remote repository, when
     * that repository is on this machine, and says whether there was one. A push to such a repository
     * is written by the pushing process itself (JGit's local transport, no receive-pack of the
     * host's), so a daemon killed in the middle of its status push (kill -9, the OOM killer, a power
     * cut) leaves {@code <ref>.lock} behind and every later push of that ref "failed to lock" for
     * good. Only a lock older than {@code started} is taken away: this server's status ref is
     * written by this server alone and one daemon runs per host (the host lock), so such a lock
     * belongs to no push in flight. Anything else (a lock this process could still hold, a link,
     * a remote elsewhere) is left as it is, and the push says what it meets.
     */
    boolean removeLockLeftBefore(Repository clone, String ref, Instant started) {
        try {
            Optional<File> gitDir = gitDir(clone);
            if (gitDir.isEmpty() || !ref.startsWith(StatusRefs.PREFIX) || ref.contains("..")) {
                return false;
            }
            Path lock = gitDir.get().toPath().resolve(ref + ".lock");
            BasicFileAttributes a = Files.readAttributes(lock, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(started)) {
                return false;
            }
            return Files.deleteIfExists(lock);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return false;  // none there, or not ours to judge: the push reports what it meets
        }
    }

    /** The remote repository, opened once and kept while its git folder stays the same one. */
    private Optional<Repository> open(Repository clone) throws IOException, URISyntaxException {
        Optional<File> gitDir = gitDir(clone);
        if (gitDir.isEmpty()) {
            close();
            return Optional.empty();
        }
        Object key = Files.readAttributes(gitDir.get().toPath(), BasicFileAttributes.class).fileKey();
        if (repository == null || key == null || !key.equals(repositoryKey)) {
            close();
            repository = new FileRepositoryBuilder().setFS(clone.getFS()).setGitDir(gitDir.get()).setMustExist(true).build();
            repositoryKey = key;
        }
        return Optional.of(repository);
    }

    private static Map<String, ObjectId> statusRefs(Repository repo) throws IOException {
        Map<String, ObjectId> refs = new HashMap<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(StatusRefs.PREFIX)) {
            refs.put(r.getName(), r.getObjectId());
        }
        return refs;
    }

    /** The remote's git folder, when "origin" is a plain local repository (what JGit's local transport would open). */
    private static Optional<File> gitDir(Repository clone) throws URISyntaxException {
        List<URIish> uris = new RemoteConfig(clone.getConfig(), "origin").getURIs();
        if (uris.size() != 1) {
            return Optional.empty();
        }
        URIish uri = uris.get(0);
        boolean local = uri.getPath() != null && uri.getHost() == null && uri.getPort() <= 0 && uri.getUser() == null
                && uri.getPass() == null && (uri.getScheme() == null || uri.getScheme().equals("file"));
        if (!local) {
            return Optional.empty();
        }
        File path = clone.getFS().resolve(clone.getWorkTree(), uri.getPath());
        if (path.isFile()) {
            return Optional.empty();  // a bundle, not a repository
        }
        return Optional.ofNullable(RepositoryCache.FileKey.resolve(path, clone.getFS()));
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
            repository = null;
            repositoryKey = null;
        }
    }
}

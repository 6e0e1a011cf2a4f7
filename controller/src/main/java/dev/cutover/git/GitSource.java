package dev.cutover.git;

import dev.cutover.config.HostConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Follows one branch of the desired-state repository. The first sync clones into the work
 * folder; every later one is a single fetch of that branch followed by a hard reset to the
 * fetched commit, so a force-push is followed like any other change and local edits never
 * survive.
 */
public final class GitSource {
    private static final int TIMEOUT_SECONDS = 30;

    private final HostConfig.Repo config;

    public GitSource(HostConfig.Repo config) {
        this.config = config;
    }

    /** The checked-out working tree. */
    public Path checkout() {
        return config.workdir();
    }

    /** Brings the working tree to the remote branch's head and says which commit that is. */
    public Revision sync() throws GitException {
        try {
            if (!Files.isDirectory(config.workdir().resolve(".git")) || !sameRemote()) {
                cloneFresh();
            }
            try (Git git = Git.open(config.workdir().toFile())) {
                String remoteRef = "refs/remotes/origin/" + config.branch();
                authenticate(git.fetch()
                        .setRemote("origin")
                        .setRefSpecs(new RefSpec("+refs/heads/" + config.branch() + ":" + remoteRef))
                        .setRemoveDeletedRefs(true))
                        .call();
                Ref ref = git.getRepository().exactRef(remoteRef);
                if (ref == null) {
                    throw new GitException("branch '" + config.branch() + "' does not exist in " + safeUrl(), null);
                }
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef(ref.getObjectId().name()).call();
                git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
                return describe(git, ref.getObjectId());
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new GitException("cannot fetch " + safeUrl() + " branch " + config.branch() + ": " + reason(e), e);
        }
    }

    private void cloneFresh() throws GitAPIException, IOException {
        deleteRecursively(config.workdir());
        Files.createDirectories(config.workdir().getParent());
        try (Git ignored = authenticate(Git.cloneRepository()
                .setURI(config.url())
                .setDirectory(config.workdir().toFile())
                .setBranch(config.branch())
                .setCloneAllBranches(false)
                .setBranchesToClone(List.of("refs/heads/" + config.branch())))
                .call()) {
            // cloned; the fetch that follows is cheap and leaves the tree at the branch head
        }
    }

    /** A changed URL in the host config means a different repository: start over. */
    private boolean sameRemote() throws IOException {
        try (Git git = Git.open(config.workdir().toFile())) {
            return config.url().equals(git.getRepository().getConfig().getString("remote", "origin", "url"));
        }
    }

    private <C extends TransportCommand<C, ?>> C authenticate(C command) throws IOException {
        command.setTimeout(TIMEOUT_SECONDS);
        if (config.credentials().isEmpty()) {
            return command;
        }
        Path credentials = config.credentials().get();
        if (config.url().startsWith("http://") || config.url().startsWith("https://")) {
            String token = Files.readString(credentials, StandardCharsets.UTF_8).trim();
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(config.username(), token));
        } else if (config.url().startsWith("ssh://") || config.url().startsWith("git@")) {
            File home = FS.DETECTED.userHome();
            SshdSessionFactory ssh = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home)
                    .setSshDirectory(new File(home, ".ssh"))
                    .setDefaultIdentities(dir -> List.of(credentials))
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
        return safeUrl(config.url());
    }

    /** A repository URL without any user:password part, safe to log. */
    public static String safeUrl(String url) {
        return url.replaceAll("//[^/@]*@", "//");
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

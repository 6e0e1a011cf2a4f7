package dev.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real git remote for tests: a bare repository plus a working clone that commits and
 * pushes with the git command line, as a person or a CI job would.
 */
public final class GitRepo {
    private final Path bare;
    private final Path work;

    public GitRepo(Path root) {
        this.bare = root.resolve("remote.git");
        this.work = root.resolve("author");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git(root, "clone", "--quiet", bare.toString(), work.toString());
        git(work, "config", "user.email", "dev@example.com");
        git(work, "config", "user.name", "Dev");
        git(work, "checkout", "--quiet", "-b", "main");
    }

    /** The remote's path, which is what a host config's repo.url points at. */
    public Path remote() {
        return bare;
    }

    public Path work() {
        return work;
    }

    public GitRepo write(String relative, String content) {
        try {
            Path file = work.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Commits everything and pushes; returns the new commit's SHA. */
    public String commitAndPush(String subject) {
        git(work, "add", "-A");
        git(work, "commit", "--quiet", "--allow-empty", "-m", subject);
        git(work, "push", "--quiet", "--force", "origin", "main");
        return head();
    }

    /** Rewrites history: drops the last commit and force-pushes a different one. */
    public String amendAndForcePush(String subject) {
        git(work, "add", "-A");
        git(work, "commit", "--quiet", "--amend", "--allow-empty", "-m", subject);
        git(work, "push", "--quiet", "--force", "origin", "main");
        return head();
    }

    public String head() {
        return git(work, "rev-parse", "HEAD").trim();
    }

    public static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(dir, cmd);
    }

    /** Runs a command (an argument list) in {@code dir}; fails the test when it fails. */
    public static String run(Path dir, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

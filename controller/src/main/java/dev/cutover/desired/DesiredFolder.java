package dev.cutover.desired;

import dev.cutover.yaml.Excerpt;
import dev.cutover.yaml.Problem;
import dev.cutover.yaml.SafeYaml;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The desired-state folder inside a checkout, as the loader may read it. The checkout's
 * content comes from whoever can push to the repository, who is less trusted than the host:
 * a symbolic link there could make Cutover read (and quote in an error) a host file, and a
 * FIFO would block the reconcile loop forever on open. So the folder must lie inside the
 * checkout without passing through a link, and everything under it must be a plain folder
 * or a regular file; this is checked with {@link LinkOption#NOFOLLOW_LINKS} before anything
 * is opened, and files are then opened without following links too. Messages name the kind
 * of entry, never a link's target.
 */
final class DesiredFolder {
    /** A desired-state folder holds a few dozen files; more than this is not one. */
    static final int MAX_ENTRIES = 10_000;
    /** The kind of an entry that is not there at all. */
    static final String MISSING = "missing";

    private final Path dir;

    private DesiredFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * Resolves {@code folder} (relative, e.g. the host config's {@code repo.path}) inside the
     * checkout, component by component, refusing {@code ..}, absolute paths and links.
     */
    static Optional<DesiredFolder> open(Path checkoutRoot, String folder, List<Problem> problems) {
        String label = folder == null || folder.isEmpty() ? "." : folder;
        Path root;
        Path relative;
        try {
            root = checkoutRoot.toRealPath();
            relative = Path.of(label);
        } catch (IOException | InvalidPathException e) {
            problems.add(new Problem(label, 0, "", "the desired-state folder cannot be found in the checkout"));
            return Optional.empty();
        }
        if (relative.isAbsolute()) {
            // Named by its setting, not its value: the path is somewhere outside the checkout.
            problems.add(new Problem("repo.path", 0, "", "the desired-state folder must be a path inside the checkout, not an absolute path; refused"));
            return Optional.empty();
        }
        Path current = root;
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                problems.add(new Problem(label, 0, "", "the desired-state folder must stay inside the checkout ('..' is not allowed); refused"));
                return Optional.empty();
            }
            current = current.resolve(part);
            Optional<String> kind = kindUnless(current, BasicFileAttributes::isDirectory);
            if (kind.isPresent()) {
                problems.add(new Problem(label, 0, "", kind.get().equals(MISSING)
                        ? "the desired-state folder does not exist in the checkout"
                        : "'" + Excerpt.of(name) + "' is not a folder (" + kind.get() + "); refused"));
                return Optional.empty();
            }
        }
        try {
            // Redundant with the walk above, which refused every link; kept so a gap there cannot leak.
            if (!current.toRealPath().startsWith(root)) {
                problems.add(new Problem(label, 0, "", "the desired-state folder resolves outside the checkout; refused"));
                return Optional.empty();
            }
        } catch (IOException e) {
            problems.add(new Problem(label, 0, "", "the desired-state folder cannot be resolved"));
            return Optional.empty();
        }
        return Optional.of(new DesiredFolder(current));
    }

    Path resolve(String relative) {
        return dir.resolve(relative);
    }

    /**
     * Records a problem for every entry under the folder that is neither a folder nor a
     * regular file, wherever it is. Returns whether there was none. {@code .git} folders are
     * git's own (a commit cannot contain one) and are not walked.
     */
    boolean refuseSpecialFiles(List<Problem> problems) {
        int before = problems.size();
        int[] entries = {0};
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(dir) && d.getFileName().toString().equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return count(problems, entries) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) {
                        problems.add(notRegular(label(file), kind(file, attrs)));
                    }
                    return count(problems, entries) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(new Problem(label(file), 0, "", "cannot read (" + e.getClass().getSimpleName() + "); refused"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(new Problem(".", 0, "", "cannot list the desired-state folder (" + e.getClass().getSimpleName() + ")"));
        }
        return problems.size() == before;
    }

    private static boolean count(List<Problem> problems, int[] entries) {
        if (++entries[0] > MAX_ENTRIES) {
            problems.add(new Problem(".", 0, "", "more than " + MAX_ENTRIES + " files and folders; refused"));
            return false;
        }
        return true;
    }

    /** The file's path as messages show it: relative to the desired-state folder. */
    String label(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Whether {@code relative} is a regular file, checked without following links. Empty
     * when it is; otherwise what it is ({@link #MISSING}, "symbolic link", "FIFO"...).
     */
    Optional<String> kindIfNotRegular(String relative) {
        return kindUnless(resolve(relative), BasicFileAttributes::isRegularFile);
    }

    /** Whether nothing at all is at {@code relative} (not even a link). */
    boolean missing(String relative) {
        return kindIfNotRegular(relative).filter(MISSING::equals).isPresent();
    }

    /** Whether {@code relative} is a folder (not a link to one). */
    boolean isFolder(String relative) {
        return kindUnless(resolve(relative), BasicFileAttributes::isDirectory).isEmpty();
    }

    /** Parses a regular file, opened without following a link swapped in since it was checked. */
    SafeYaml.Parsed parse(String relative) {
        return SafeYaml.parse(resolve(relative), relative, LinkOption.NOFOLLOW_LINKS);
    }

    static Problem notRegular(String label, String kind) {
        return new Problem(label, 0, "", "not a regular file (" + kind + "); refused");
    }

    /** Empty when the entry at {@code p} (not followed if a link) is what {@code wanted} asks; else what it is. */
    private static Optional<String> kindUnless(Path p, Predicate<BasicFileAttributes> wanted) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return wanted.test(attrs) ? Optional.empty() : Optional.of(kind(p, attrs));
        } catch (NoSuchFileException e) {
            return Optional.of(MISSING);
        } catch (IOException e) {
            return Optional.of("unreadable");
        }
    }

    /** What kind of entry this is, in words; read from the mode bits, never by opening it. */
    static String kind(Path p, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return "symbolic link";
        }
        if (attrs.isDirectory()) {
            return "folder";
        }
        if (attrs.isRegularFile()) {
            return "regular file";
        }
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            switch (mode & 0170000) {
                case 0010000:
                    return "FIFO";
                case 0020000:
                    return "character device";
                case 0060000:
                    return "block device";
                case 0140000:
                    return "socket";
                default:
                    return "special file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "special file";
        }
    }
}

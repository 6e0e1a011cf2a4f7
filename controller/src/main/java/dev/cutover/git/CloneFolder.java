package dev.cutover.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The work folder Cutover clones into ({@code repo.workdir}). Cutover only ever deletes what
 * it provably created: a clone it made carries a marker file ({@code .git/cutover-clone},
 * holding the repository URL), written before anything is fetched into it. A folder with
 * content and no marker is someone else's and is left alone.
 */
final class CloneFolder {
    static final String MARKER = "cutover-clone";

    /** What the work folder holds, as far as Cutover may touch it. */
    enum State {
        /** Absent or empty: clone into it. */
        EMPTY,
        /** Cutover's clone of the configured URL: fetch into it. */
        OURS,
        /** Cutover's clone of another URL (the host config changed): ours to empty and clone again. */
        OURS_OTHER_URL,
        /** Content Cutover did not create: refuse, delete nothing. */
        FOREIGN
    }

    private final Path dir;

    CloneFolder(Path dir) {
        this.dir = dir;
    }

    Path marker() {
        return dir.resolve(".git").resolve(MARKER);
    }

    State state(String url) throws IOException {
        if (!Files.exists(dir)) {
            return State.EMPTY;
        }
        if (!Files.isDirectory(dir)) {
            return State.FOREIGN;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                return State.EMPTY;
            }
        }
        Optional<String> recorded = recordedUrl();
        if (recorded.isEmpty()) {
            return State.FOREIGN;
        }
        return recorded.get().equals(url) ? State.OURS : State.OURS_OTHER_URL;
    }

    private Optional<String> recordedUrl() throws IOException {
        Path marker = marker();
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(marker, StandardCharsets.UTF_8));
    }

    /** Creates the folder and its {@code .git} with the marker, before anything else lands in it. */
    void claim(String url) throws IOException {
        Files.createDirectories(marker().getParent());
        Files.writeString(marker(), url, StandardCharsets.UTF_8);
    }

    /**
     * Empties a folder that is ours. Links are deleted as links, never followed: a link inside
     * the clone that points elsewhere must not take Cutover's deletes with it.
     */
    void empty() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                deleteTree(entry);
            }
        }
    }

    private static void deleteTree(Path top) throws IOException {
        // walkFileTree without FOLLOW_LINKS reports a link as a file and never descends into it.
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

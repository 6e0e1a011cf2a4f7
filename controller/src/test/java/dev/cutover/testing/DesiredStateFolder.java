package dev.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a desired-state folder (apps/, servers/) for a test. */
public final class DesiredStateFolder {
    public static final String WEB_APP = """
            image: 127.0.0.1:5000/cutover-demo
            port: 3000
            slots:
              blue: 4000
              green: 4001
            health:
              path: /api/ping
            """;

    private final Path dir;

    public DesiredStateFolder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("apps"));
            Files.createDirectories(dir.resolve("servers"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public DesiredStateFolder app(String name, String yaml) {
        return write("apps/" + name + ".yaml", yaml);
    }

    public DesiredStateFolder server(String name, String yaml) {
        return write("servers/" + name + ".yaml", yaml);
    }

    public DesiredStateFolder write(String relative, String content) {
        try {
            Files.writeString(dir.resolve(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}

package dev.cutover.desired;

import dev.cutover.testing.DesiredStateFolder;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkout with a valid desired-state folder ({@code desired/}: app web, server s1) and,
 * beside the checkout, a folder a hostile commit would like Cutover to read: it holds
 * {@link #SECRET}, which no error message may ever show.
 */
final class Hostile {
    static final String SECRET = "PLANTED-SECRET-9d2c";
    static final String SERVER = "apps:\n  web:\n    tag: v1\n";

    final Path checkout;
    final Path desired;
    final Path outside;
    String folder = "desired";
    String server = "s1";
    boolean all;
    HostPolicy policy = HostPolicy.LOOPBACK_ONLY;

    Hostile(Path tmp) throws IOException {
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        desired = checkout.resolve("desired");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET + "\n");
        Files.writeString(outside.resolve("shadow"), "root:" + SECRET + ":19000:0:99999:7:::\n");
        // Looks like a desired-state folder, so a loader that follows a link would find "valid" files.
        new DesiredStateFolder(outside.resolve("desired")).app("web", "image: " + SECRET + "\n").server("s1", SERVER);
        Files.createDirectories(outside.resolve("apps"));
        Files.writeString(outside.resolve("apps/web.yaml"), "image: " + SECRET + "\n");
        new DesiredStateFolder(desired).app("web", DesiredStateFolder.WEB_APP).server("s1", SERVER);
    }

    Hostile app(String yaml) throws IOException {
        return write("apps/web.yaml", yaml);
    }

    Hostile server(String yaml) throws IOException {
        return write("servers/s1.yaml", yaml);
    }

    Hostile write(String relative, String content) throws IOException {
        Path p = desired.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    Hostile bytes(String relative, byte[] content) throws IOException {
        Files.write(desired.resolve(relative), content);
        return this;
    }

    /** Replaces {@code relative} (under desired/) with a symbolic link to {@code target}. */
    Hostile link(String relative, Path target) throws IOException {
        Path p = desired.resolve(relative);
        Files.createDirectories(p.getParent());
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.walk(p)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } else {
            Files.deleteIfExists(p);
        }
        Files.createSymbolicLink(p, target);
        return this;
    }

    Hostile fifo(String relative) throws IOException, InterruptedException {
        Path p = desired.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        int exit = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("mkfifo failed");
        }
        return this;
    }

    Hostile socket(String relative) throws IOException {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(desired.resolve(relative)));
        }
        return this;
    }

    DesiredState load() throws InvalidDesiredState {
        if (all) {
            DesiredStateLoader.validateAll(checkout.resolve(folder), policy);
            return null;
        }
        return DesiredStateLoader.loadServer(checkout, folder, server, policy);
    }
}

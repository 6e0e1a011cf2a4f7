package dev.cutover.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Only one Cutover may change a host at a time: an exclusive lock on a file in the nginx
 * upstream folder (the thing two controllers would fight over). The kernel releases it when
 * the process dies, even by SIGKILL, so a crash never leaves a stale lock.
 */
public final class HostLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or explains who holds it. */
    public static HostLock acquire(Path upstreamDir) throws IOException {
        Files.createDirectories(upstreamDir);
        Path file = upstreamDir.resolve(".cutover.lock");
        // Never through a link: a root process must not truncate whatever a planted link points at.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            ByteBuffer buf = ByteBuffer.allocate(64);
            channel.read(buf, 0);
            String holder = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
            channel.close();
            throw new IllegalStateException("another Cutover (" + (holder.isEmpty() ? "unknown pid" : holder)
                    + ") is managing this host: it holds " + file + "; only one may change it");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        return new HostLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}

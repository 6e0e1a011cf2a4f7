package dev.cutover.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a whole text file, but never more than a limit: at most {@code limit + 1} bytes are
 * read whatever {@link Files#size} said (the file may grow while it is read), and the bytes
 * must be UTF-8 exactly, so a stray Latin-1 byte is a clear problem with its line and byte
 * offset instead of a replacement character or an exception.
 */
public final class BoundedText {
    private BoundedText() {
    }

    /** The text, or the problem that stopped reading it. */
    public record Read(Optional<String> text, Optional<Problem> problem) {
        static Read failed(Problem p) {
            return new Read(Optional.empty(), Optional.of(p));
        }
    }

    /**
     * @param options extra open options, e.g. {@link java.nio.file.LinkOption#NOFOLLOW_LINKS}
     *                so that a file swapped for a symbolic link after it was checked is not followed
     */
    public static Read read(Path file, String label, long limit, OpenOption... options) {
        List<OpenOption> open = new ArrayList<>(List.of(options));
        open.add(StandardOpenOption.READ);
        byte[] bytes;
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.copyOf(open))) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(limit + 1, Math.max(ch.size() + 1, 8192)));
            while (buf.position() <= limit) {
                if (!buf.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(limit + 1, (long) buf.capacity() * 2));
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
                if (ch.read(buf) < 0) {
                    break;
                }
            }
            if (buf.position() > limit) {
                return Read.failed(new Problem(label, 0, "", "file is larger than " + limit + " bytes; the limit is " + limit));
            }
            bytes = new byte[buf.position()];
            buf.flip();
            buf.get(bytes);
        } catch (IOException e) {
            // The exception's text can name a link target or other path; say only what kind it is.
            return Read.failed(new Problem(label, 0, "", "cannot read (" + e.getClass().getSimpleName() + ")"));
        }
        return decode(bytes, label);
    }

    /** Decodes strict UTF-8; the first malformed byte is reported with its line and offset. */
    static Read decode(byte[] bytes, String label) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            return Read.failed(new Problem(label, lineAt(bytes, offset), "", "not valid UTF-8 (byte offset " + offset + ")"));
        }
        out.flip();
        return new Read(Optional.of(out.toString()), Optional.empty());
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}

package dev.cutover.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request to the daemon's admin listener on a plain socket, for the client
 * commands. The JDK's {@code HttpURLConnection} cannot be had without a {@code java.net.URL},
 * and the first {@code http:} URL of a process looks for protocol handler providers in every
 * jar on the class path (about 80 ms of every client command, more than the request itself).
 * The request is the same one that connection sent (method, path, {@code Authorization}, an empty
 * body for a POST); the answer is read to its end (fixed length, chunked, or to the close).
 * Connect and read timeouts and their messages are the socket's, as they were.
 */
final class PlainHttp implements AutoCloseable {
    private final Socket socket;
    private final int status;
    private final InputStream body;

    private PlainHttp(Socket socket, int status, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.body = body;
    }

    /** Whether this exchange can carry a request to {@code uri}: plain http with a host; anything else is the JDK's. */
    static boolean handles(URI uri) {
        return "http".equals(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty() && uri.getRawUserInfo() == null;
    }

    /** Sends the request and reads the answer's head; the body is then {@link #body()}. */
    static PlainHttp exchange(URI uri, String method, String token, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            socket.connect(new InetSocketAddress(bare, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(uri.getPort() < 0 ? "" : ":" + port).append("\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\n")
                    .append("Connection: close\r\n");
            if (method.equals("POST")) {
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            if (statusLine == null) {
                throw new SocketException("Unexpected end of file from server");
            }
            int status = statusOf(statusLine);
            long length = -1;
            boolean chunked = false;
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                }
            }
            InputStream body = chunked ? new Chunked(in) : length >= 0 ? new Limited(in, length) : in;
            return new PlainHttp(socket, status, method.equals("HEAD") || status == 204 || status == 304 ? InputStream.nullInputStream() : body);
        } catch (NumberFormatException e) {
            socket.close();
            throw new IOException("Invalid Http response");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The status code of a status line such as {@code HTTP/1.1 200 OK}. */
    static int statusOf(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            throw new IOException("Invalid Http response");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("Invalid Http response");
        }
    }

    /** A line of the head without its CRLF (or LF); null at the end of the stream before any byte. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (b.size() > 65536) {
                throw new IOException("Invalid Http response");
            }
            b.write(c);
            c = in.read();
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A body of a known length. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the answer ended before its Content-Length");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body, each chunk handed on as it arrives (sync --wait prints lines as they come). */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size == null) {
                    throw new EOFException("the answer ended inside a chunk");
                }
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("Invalid Http response");
                }
                if (left == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers are not used
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the answer ended inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in);  // the CRLF after the chunk
            }
            return n;
        }
    }
}

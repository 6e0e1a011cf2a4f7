package dev.cutover.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * HTTP/1.1 on a plain socket, for clients that misbehave on purpose and for timings that must
 * include connecting (a client library's pooled connection would hide a full accept queue).
 */
final class RawHttp {
    private RawHttp() {
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(20_000);
        return s;
    }

    /** A GET on a fresh connection; returns the status code, or -1 if there was no answer. */
    static int get(int port, String path) {
        try (Socket s = connect(port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return statusThenDrain(s.getInputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    /** A GET on a fresh connection; returns the whole answer, headers and body. */
    static String getText(int port, String path) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line), then the body in
     * 64 KiB writes; returns the status the server answered, or -1 if it closed first.
     */
    static int post(int port, String head, byte[] body) {
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write((head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < body.length; i += 64 * 1024) {
                    out.write(body, i, Math.min(64 * 1024, body.length - i));
                }
            } catch (IOException refusedMidBody) {
                // the server answered and closed before the body was through: read its answer
            }
            return statusThenDrain(s.getInputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Sends {@code body} on every socket (whose headers are already sent), 64 KiB to each in
     * turn, skipping those the server has closed; then reads each one's status (-1: none).
     */
    static Map<Integer, Integer> sendBodies(List<Socket> sockets, byte[] body) {
        Set<Socket> closed = new HashSet<>();
        for (int i = 0; i < body.length; i += 64 * 1024) {
            for (Socket s : sockets) {
                if (!closed.contains(s)) {
                    try {
                        s.getOutputStream().write(body, i, Math.min(64 * 1024, body.length - i));
                    } catch (IOException refused) {
                        closed.add(s);
                    }
                }
            }
        }
        Map<Integer, Integer> answers = new TreeMap<>();
        for (Socket s : sockets) {
            int status;
            try {
                status = statusThenDrain(s.getInputStream());
            } catch (IOException e) {
                status = -1;
            }
            answers.merge(status, 1, Integer::sum);
        }
        return answers;
    }

    static int status(String answer) {
        return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
    }

    private static int statusThenDrain(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int n = in.readNBytes(line, 0, 12);
        in.transferTo(OutputStream.nullOutputStream());
        return n == 12 ? status(new String(line, StandardCharsets.US_ASCII)) : -1;
    }
}

package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainHttpTest {
    /** Answers one connection with {@code answer} (\n in it becomes CRLF), then closes; gives the request head it read. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    head.write(in.read());
                }
                s.getOutputStream().write(answer.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
                return head.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "a body of a known length is read to its length          | HTTP/1.1 200 OK\\nContent-Length: 5\\n\\nhelloIGNORED | 200 | hello",
            "a chunked body is read chunk by chunk to its last chunk | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n5\\nline1\\n7;x=y\\n, line2\\n0\\n\\n | 200 | line1, line2",
            "a body without a length is read until the daemon closes | HTTP/1.0 202 Accepted\\nContent-Type: text/plain\\n\\naccepted | 202 | accepted",
            "a refusal's body is read like any other                 | HTTP/1.1 401 Unauthorized\\ncontent-length: 9\\n\\nwrong key | 401 | wrong key",
            "header names are read whatever their case               | HTTP/1.1 200 OK\\nTRANSFER-ENCODING: Chunked\\n\\n2\\nok\\n0\\n\\n | 200 | ok",
    })
    void anAnswerIsReadToItsEndAsItsHeadSays(String behaviour, String answer, int status, String body) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> request = serveOnce(server, answer.replace("\\n", "\n"));
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/sync?wait=true&app=web");
            try (PlainHttp r = PlainHttp.exchange(uri, "POST", "s3cret", 2000, 5000)) {
                assertEquals(status, r.status(), behaviour);
                assertEquals(body, new String(r.body().readAllBytes(), StandardCharsets.UTF_8), behaviour);
            }
            assertEquals("POST /api/sync?wait=true&app=web HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort()
                    + "\r\nAuthorization: Bearer s3cret\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", request.get());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "nothing at all                | ''                                        | Unexpected end of file from server",
            "not a status line             | SSH-2.0-OpenSSH\\n                         | Invalid Http response",
            "a status that is not a number | HTTP/1.1 2x0 OK\\n\\n                       | Invalid Http response",
            "a length that is not a number | HTTP/1.1 200 OK\\nContent-Length: many\\n\\n | Invalid Http response",
    })
    void anAnswerThatIsNotHttpIsTheErrorTheJdkConnectionGave(String behaviour, String answer, String message) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            serveOnce(server, answer.replace("\\n", "\n"));
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/status");
            IOException e = assertThrows(IOException.class, () -> PlainHttp.exchange(uri, "GET", "t", 2000, 5000), behaviour);
            assertEquals(message, e.getMessage(), behaviour);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:9470/api/status   | true",
            "http://localhost/api/status        | true",
            "http://[::1]:9470/api/status       | true",
            "https://127.0.0.1:9470/api/status  | false",
            "http://user:pw@127.0.0.1:9/x       | false",
            "http:///api/status                 | false",
    })
    void onlyPlainHttpWithAHostIsSentThisWayTheRestIsTheJdks(String uri, boolean handled) {
        assertEquals(handled, PlainHttp.handles(URI.create(uri)), uri);
    }

    @Test
    void aGetSendsNoBodyHeaderAndAPathOfSlashWhenTheUriHasNone() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> request = serveOnce(server, "HTTP/1.1 200 OK\nContent-Length: 0\n\n");
            try (PlainHttp r = PlainHttp.exchange(URI.create("http://localhost:" + server.getLocalPort()), "GET", "t", 2000, 5000)) {
                assertEquals(200, r.status());
            }
            assertTrue(request.get().startsWith("GET / HTTP/1.1\r\nHost: localhost:" + server.getLocalPort() + "\r\n"), request.get());
            assertFalse(request.get().contains("Content-Length"), request.get());
        }
    }
}

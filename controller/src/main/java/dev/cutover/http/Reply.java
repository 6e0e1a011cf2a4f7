package dev.cutover.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** How every handler answers: a status, a content type and a short UTF-8 body, in one write. */
final class Reply {
    static final String TEXT = "text/plain; charset=utf-8";

    private Reply() {
    }

    static void text(Response response, Callback callback, int status, String body) {
        send(response, callback, status, TEXT, body);
    }

    static void send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }

    /** A refusal after which the connection is not reused: its request body, if any, is left unread. */
    static void refuse(Response response, Callback callback, int status, String body) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        text(response, callback, status, body);
    }
}

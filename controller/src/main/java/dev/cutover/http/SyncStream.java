package dev.cutover.http;

import dev.cutover.daemon.Daemon;
import dev.cutover.desired.Names;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code POST /api/sync[?app=APP][&wait=true]}: asks for a pass; with {@code wait=true}, streams
 * that pass's steps as lines of text, then {@code result: …} ({@link ProgressStream}).
 */
final class SyncStream {
    private final Daemon daemon;
    private final ProgressStream streams;

    SyncStream(Daemon daemon, ProgressStream streams) {
        this.daemon = daemon;
        this.streams = streams;
    }

    void handle(Request request, Response response, Callback callback) {
        Fields q = Request.extractQueryParameters(request);
        Optional<String> app = Optional.ofNullable(q.getValue("app"));
        if (app.isPresent() && !Names.NAME.matcher(app.get()).matches()) {
            Reply.text(response, callback, 400, "app must be a valid app name\n");
            return;
        }
        if (!"true".equals(q.getValue("wait"))) {
            daemon.requestPass(app, true, null);
            Reply.text(response, callback, 202, "accepted: a pass starts as soon as the current one ends\n");
            return;
        }
        streams.handle(request, response, callback, watcher -> daemon.requestPass(app, true, watcher));
    }
}

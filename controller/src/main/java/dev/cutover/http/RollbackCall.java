package dev.cutover.http;

import dev.cutover.daemon.Daemon;
import dev.cutover.desired.Names;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code POST /api/rollback?app=APP[&commit=true]}: {@code cutover rollback} run by the daemon,
 * as a pass of its own; the answer streams its steps, then {@code result: …} ({@link ProgressStream}).
 */
final class RollbackCall {
    private final Daemon daemon;
    private final ProgressStream streams;

    RollbackCall(Daemon daemon, ProgressStream streams) {
        this.daemon = daemon;
        this.streams = streams;
    }

    void handle(Request request, Response response, Callback callback) {
        Fields q = Request.extractQueryParameters(request);
        String app = q.getValue("app");
        if (app == null || !Names.NAME.matcher(app).matches()) {
            Reply.text(response, callback, 400, "app must be a valid app name\n");
            return;
        }
        boolean commit = "true".equals(q.getValue("commit"));
        streams.handle(request, response, callback, watcher -> daemon.requestRollback(app, commit, watcher));
    }
}

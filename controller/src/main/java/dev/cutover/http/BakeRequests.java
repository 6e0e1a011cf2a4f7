package dev.cutover.http;

import dev.cutover.daemon.Daemon;
import dev.cutover.desired.Names;
import dev.cutover.reconcile.Bakes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code POST /api/promote?app=APP} ends an app's bake (or canary) now as passed;
 * {@code POST /api/abort?app=APP} flips it back to the old colour now. 409 when that app is
 * not baking: there is nothing to end.
 */
final class BakeRequests {
    private BakeRequests() {
    }

    static void handle(Daemon daemon, Bakes.Ask ask, Request request, Response response, Callback callback) {
        Fields q = Request.extractQueryParameters(request);
        String app = q.getValue("app");
        if (app == null || !Names.NAME.matcher(app).matches()) {
            Reply.text(response, callback, 400, "app=APP is required and must be a valid app name\n");
            return;
        }
        if (!daemon.ask(app, ask)) {
            Reply.text(response, callback, 409, app + " is not baking: nothing to " + verb(ask) + "\n");
            return;
        }
        Reply.text(response, callback, 202, app + ": " + (ask == Bakes.Ask.PROMOTE
                ? "promote asked: the bake ends as passed and the old colour is drained and stopped"
                : "abort asked: traffic flips back to the old colour") + "\n");
    }

    private static String verb(Bakes.Ask ask) {
        return ask == Bakes.Ask.PROMOTE ? "promote" : "abort";
    }
}

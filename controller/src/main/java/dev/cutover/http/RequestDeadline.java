package dev.cutover.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Every request must arrive whole within a deadline of the connection being ready for it (when
 * it opens, or when the previous response ends). The connector's idle timeout alone only
 * bounds the gap between two bytes: a client that sends one header byte every few seconds
 * would hold its connection for hours. A connection still waiting for its request at the
 * deadline is closed. Waiting costs a timer, not a thread.
 */
final class RequestDeadline implements Connection.Listener {
    private final Duration limit;
    private final Scheduler scheduler;
    private final Map<Connection, Waiting> connections = new ConcurrentHashMap<>();

    /** One connection's wait for its next request; a new wait starts after each response. */
    private static final class Waiting {
        volatile long since;
        volatile long round;
        volatile boolean headersIn;
    }

    RequestDeadline(Duration limit, Scheduler scheduler) {
        this.limit = limit;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        Waiting w = new Waiting();
        connections.put(connection, w);
        arm(connection, w);
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
    }

    /**
     * The request's headers are in: the header deadline no longer applies, and a body must
     * arrive by {@link #bodyDeadlineNanos}. The next wait starts when the response ends.
     */
    void headersArrived(Request request) {
        Connection c = request.getConnectionMetaData().getConnection();
        Waiting w = connections.get(c);
        if (w != null) {
            w.headersIn = true;
            Request.addCompletionListener(request, failure -> arm(c, w));
        }
    }

    /** System.nanoTime() by which this request's body must have arrived. */
    long bodyDeadlineNanos(Request request) {
        Waiting w = connections.get(request.getConnectionMetaData().getConnection());
        return (w == null ? request.getHeadersNanoTime() : w.since) + limit.toNanos();
    }

    Duration limit() {
        return limit;
    }

    private void arm(Connection c, Waiting w) {
        long round = ++w.round;
        w.since = System.nanoTime();
        w.headersIn = false;
        scheduler.schedule(() -> {
            if (w.round == round && !w.headersIn) {
                c.getEndPoint().close();
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}

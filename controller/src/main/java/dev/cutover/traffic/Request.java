package dev.cutover.traffic;

import java.util.List;

/**
 * One request as nginx logged it in Cutover's log format: when it ended, which upstream it
 * was for, what the client got, and every upstream server nginx tried for it, in order (a
 * request the new colour refused is retried on the backup, so it has two attempts).
 *
 * @param endedMillis Unix time in milliseconds when nginx finished the request
 * @param upstream    the upstream named in {@code proxy_pass}
 * @param status      the status nginx answered the client
 */
public record Request(long endedMillis, String upstream, int status, List<Attempt> attempts) {
    public Request {
        attempts = List.copyOf(attempts);
    }

    /**
     * One try at one upstream server.
     *
     * @param address host:port of the server
     * @param status  its status; 502 or 504 when nginx could not connect or got no answer (nginx logs those so)
     * @param millis  how long it took to answer, -1 when unknown
     */
    public record Attempt(String address, int status, long millis) {
        /** A 5xx answer, or no usable answer at all. */
        public boolean failed() {
            return status >= 500 || status == 0;
        }
    }

    /** Whether the client got a server error: the request a deploy cost. */
    public boolean failed() {
        return status >= 500;
    }

    /** The server that answered the client, if nginx reached one. */
    public String answeredBy() {
        return attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).address();
    }
}

package dev.cutover.http;

import dev.cutover.reconcile.PassResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer of {@code sync --wait} and {@code rollback}: a {@code text/plain} stream of a
 * pass's steps as they happen, then {@code result: …}. A stream holds a listener thread for the
 * whole pass, so only a few may run at once (sync and rollback together); the rest are told to
 * come back.
 */
final class ProgressStream {
    static final int MAX_STREAMS = 8;
    /** The longest a pass is expected to take (its duration histogram's last bucket). */
    static final Duration PASS_LIMIT = Duration.ofMinutes(10);
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    /** @param start begins the pass, given where its progress lines go, and returns its result */
    void handle(Request request, Response response, Callback callback, Function<Consumer<String>, CompletableFuture<PassResult>> start) {
        if (!streams.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            Reply.text(response, callback, 503, "too many sync and rollback streams at once; try again shortly\n");
            return;
        }
        try {
            // Lines of the pass, then an empty one when it has ended: the result is written the
            // moment the pass ends, not at the next wake-up of a timed poll.
            BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
            CompletableFuture<PassResult> done = start.apply(line -> lines.add(Optional.of(line)));
            done.whenComplete((r, e) -> lines.add(Optional.empty()));
            stream(done, lines, request, response, callback);
        } finally {
            streams.release();
        }
    }

    private static void stream(CompletableFuture<PassResult> done, BlockingQueue<Optional<String>> lines, Request request, Response response,
                               Callback callback) {
        // A pass can be quiet for longer than the listener's idle timeout (a pull, a health
        // gate): this authenticated stream may wait as long as a pass can take, and its
        // connection is not reused afterwards.
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(PASS_LIMIT.toMillis());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Reply.TEXT);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            // The daemon completes every pass's future, even when it stops; the limit is a backstop.
            for (Optional<String> line = lines.poll(PASS_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                 line != null && line.isPresent(); line = lines.poll(PASS_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                out.write((line.get() + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write((result(done) + "\n").getBytes(StandardCharsets.UTF_8));
            out.close();
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
    }

    private static String result(CompletableFuture<PassResult> done) {
        try {
            PassResult r = done.join();
            return r.resultLine();
        } catch (RuntimeException e) {
            return PassResult.RESULT_LINE + PassResult.Outcome.FAILED.label() + ": " + e.getMessage();
        }
    }
}

package dev.cutover.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Request bodies, bounded in size and time. Sizes are checked from {@code Content-Length}
 * before any byte of the body is read; a body is then read without holding a thread while its
 * bytes are on the way (Jetty calls back when there is more), chunk by chunk into a consumer,
 * and given up at the request's deadline.
 */
final class BoundedBody {
    static final int WEBHOOK_LIMIT = 1024 * 1024;
    static final int OTHER_LIMIT = 64 * 1024;
    /**
     * A refused body up to this size is read and dropped before the answer, so the client
     * (still sending) reads a 413 rather than a reset connection; a larger one is left
     * unread and the connection closed.
     */
    static final long DISCARD_LIMIT = 4L * 1024 * 1024;

    /** The declared length of a body; -1 when the request has none or sends it chunked. */
    static long declaredLength(Request request) {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    static boolean chunked(Request request) {
        return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** Whether a request announces more than {@code limit} bytes, or a body of unannounced size. */
    static boolean tooLarge(Request request, long limit) {
        return declaredLength(request) > limit || chunked(request);
    }

    private final Request request;
    private final long limit;
    private final Consumer<ByteBuffer> sink;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Scheduler.Task timer;
    private long read;

    private BoundedBody(Request request, long limit, Consumer<ByteBuffer> sink) {
        this.request = request;
        this.limit = limit;
        this.sink = sink;
    }

    /**
     * Reads the body into {@code sink} (each buffer valid only during the call); completes with
     * the number of bytes read, or exceptionally on a failure, a body over {@code limit}, or
     * the deadline (a {@link TimeoutException}).
     */
    static CompletableFuture<Long> read(Request request, long limit, long deadlineNanos, Scheduler scheduler, Consumer<ByteBuffer> sink) {
        BoundedBody body = new BoundedBody(request, limit, sink);
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        body.timer = scheduler.schedule(() -> body.finish(new TimeoutException("the body did not arrive in time")), left, TimeUnit.NANOSECONDS);
        body.next();
        return body.done;
    }

    private void next() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this::next);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                finish(chunk.getFailure());
                return;
            }
            try {
                ByteBuffer bytes = chunk.getByteBuffer();
                read += bytes.remaining();
                if (read > limit) {
                    finish(new IllegalStateException("body over " + limit + " bytes"));
                    return;
                }
                sink.accept(bytes);
                if (chunk.isLast()) {
                    finish(null);
                    return;
                }
            } finally {
                chunk.release();
            }
        }
    }

    private void finish(Throwable failure) {
        if (finished.compareAndSet(false, true)) {
            // A pending timer would keep the sink, and what it holds, alive until it fires.
            if (timer != null) {
                timer.cancel();
            }
            if (failure == null) {
                done.complete(read);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }

    /** Answers a refusal: after reading and dropping the body when it is small enough, else at once. */
    static void refuseAfterDiscarding(Request request, Response response, Callback callback, int status, String text,
                                      long deadlineNanos, Scheduler scheduler) {
        long length = declaredLength(request);
        if (length <= 0 || length > DISCARD_LIMIT) {
            Reply.refuse(response, callback, status, text);
            return;
        }
        read(request, length, deadlineNanos, scheduler, chunk -> { })
                .whenComplete((n, failure) -> Reply.refuse(response, callback, status, text));
    }
}

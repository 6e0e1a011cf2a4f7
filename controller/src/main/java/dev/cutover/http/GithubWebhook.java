package dev.cutover.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.daemon.Daemon;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * {@code POST /api/webhook/github}: GitHub's push webhook. Everything that can be refused from
 * the headers is refused before the body is read: a missing or malformed
 * {@code X-Hub-Signature-256}, a body without a length or over 1 MiB. Only a few bodies are
 * read at once (the rest get 503 and Retry-After), each streamed through the HMAC, so a flood
 * of large bodies costs a few MiB, not one per request. A validly signed delivery whose
 * {@code X-GitHub-Delivery} id was seen recently is acknowledged and ignored.
 */
final class GithubWebhook {
    static final int BODIES_AT_ONCE = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Daemon daemon;
    private final Optional<String> secret;
    private final RequestDeadline deadline;
    private final Scheduler scheduler;
    private final Semaphore bodies = new Semaphore(BODIES_AT_ONCE);
    private final DeliveryIds deliveries = new DeliveryIds(1024);

    GithubWebhook(Daemon daemon, Optional<String> secret, RequestDeadline deadline, Scheduler scheduler) {
        this.daemon = daemon;
        this.secret = secret;
        this.deadline = deadline;
        this.scheduler = scheduler;
    }

    void handle(Request request, Response response, Callback callback) {
        if (secret.isEmpty()) {
            refuse(response, callback, "disabled", 404, "webhook not configured (webhook.secretFile)\n");
            return;
        }
        long length = BoundedBody.declaredLength(request);
        if (length < 0) {
            refuse(response, callback, "malformed", 411, "a Content-Length is required\n");
            return;
        }
        if (length > BoundedBody.WEBHOOK_LIMIT) {
            daemon.metrics().webhook("too_large");
            BoundedBody.refuseAfterDiscarding(request, response, callback, 413, "body too large\n",
                    deadline.bodyDeadlineNanos(request), scheduler);
            return;
        }
        String signature = request.getHeaders().get("X-Hub-Signature-256");
        if (!WebhookSignature.wellFormed(signature)) {
            refuse(response, callback, "unauthorized", 401, "missing or wrong X-Hub-Signature-256\n");
            return;
        }
        if (!bodies.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            refuse(response, callback, "busy", 503, "too many webhook bodies at once; try again shortly\n");
            return;
        }
        WebhookSignature check = new WebhookSignature(secret.get());
        byte[] body = new byte[(int) length];
        java.nio.ByteBuffer into = java.nio.ByteBuffer.wrap(body);
        BoundedBody.read(request, length, deadline.bodyDeadlineNanos(request), scheduler, chunk -> {
            check.update(chunk);
            into.put(chunk.duplicate());
        }).whenComplete((read, failure) -> {
            bodies.release();
            if (failure != null) {
                boolean late = unwrap(failure) instanceof TimeoutException;
                refuse(response, callback, "malformed", late ? 408 : 400, late ? "the body did not arrive in time\n" : "body could not be read\n");
            } else if (!check.matches(signature)) {
                refuse(response, callback, "unauthorized", 401, "missing or wrong X-Hub-Signature-256\n");
            } else {
                signed(request, response, callback, body);
            }
        });
    }

    /** After a valid signature: a repeated delivery, another event, another branch, or a push to follow. */
    private void signed(Request request, Response response, Callback callback, byte[] body) {
        String delivery = request.getHeaders().get("X-GitHub-Delivery");
        if (delivery != null && DELIVERY_ID.matcher(delivery).matches() && !deliveries.firstTime(delivery)) {
            answer(response, callback, "duplicate", 200, "duplicate delivery, ignored\n");
            return;
        }
        String event = Optional.ofNullable(request.getHeaders().get("X-GitHub-Event")).orElse("");
        if (!event.equals("push")) {
            answer(response, callback, "ignored", 200, event.equals("ping") ? "pong\n" : "ignored: event " + printable(event) + "\n");
            return;
        }
        String ref;
        try {
            ref = JSON.readTree(body).path("ref").asText("");
        } catch (IOException e) {
            answer(response, callback, "malformed", 400, "body is not JSON\n");
            return;
        }
        String followed = "refs/heads/" + daemon.config().repo().branch();
        if (!ref.equals(followed)) {
            answer(response, callback, "ignored", 200, "ignored: push to " + printable(ref) + ", following " + followed + "\n");
            return;
        }
        daemon.requestPass(Optional.empty(), false, null);
        answer(response, callback, "accepted", 202, "accepted: a pass starts now\n");
    }

    private void answer(Response response, Callback callback, String result, int status, String body) {
        daemon.metrics().webhook(result);
        Reply.text(response, callback, status, body);
    }

    private void refuse(Response response, Callback callback, String result, int status, String body) {
        daemon.metrics().webhook(result);
        Reply.refuse(response, callback, status, body);
    }

    /** A short excerpt of a value the sender chose, safe to echo: printable ASCII, at most 100 characters. */
    private static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}

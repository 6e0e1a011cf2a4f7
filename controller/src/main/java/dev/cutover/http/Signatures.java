package dev.cutover.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Constant-time checks of the admin token and of GitHub's X-Hub-Signature-256. */
public final class Signatures {
    private Signatures() {
    }

    /**
     * {@code sha256=} followed by the hex HMAC-SHA256 of {@code body} under {@code secret}: the
     * same streaming HMAC the webhook checks bodies with, fed the whole body at once.
     */
    public static String githubSignature(String secret, byte[] body) {
        WebhookSignature s = new WebhookSignature(secret);
        s.update(ByteBuffer.wrap(body));
        return s.header();
    }

    public static boolean validGithubSignature(String secret, byte[] body, String header) {
        WebhookSignature s = new WebhookSignature(secret);
        s.update(ByteBuffer.wrap(body));
        return s.matches(header);
    }

    /** Compares in time independent of where the strings differ. */
    public static boolean equal(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

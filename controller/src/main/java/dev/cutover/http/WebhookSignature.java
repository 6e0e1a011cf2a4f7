package dev.cutover.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}, checked while the body streams in: each chunk goes
 * through the HMAC as it arrives, so checking a body needs no copy of it. The header's form is
 * checked first, before any of the body is read.
 */
final class WebhookSignature {
    private static final Pattern FORM = Pattern.compile("sha256=[0-9a-f]{64}");
    private final Mac mac;

    WebhookSignature(String secret) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a header could be a signature at all: {@code sha256=} and 64 lower-case hex digits. */
    static boolean wellFormed(String header) {
        return header != null && FORM.matcher(header).matches();
    }

    /** Adds the bytes between the buffer's position and its limit, leaving the buffer as it was. */
    void update(ByteBuffer chunk) {
        mac.update(chunk.duplicate());
    }

    /** The header for the bytes seen so far: {@code sha256=} and the hex HMAC. Ends this signature. */
    String header() {
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
    }

    /** Whether the bytes seen so far are signed by {@code header}; compares in constant time. */
    boolean matches(String header) {
        byte[] actual = mac.doFinal();
        return wellFormed(header) && MessageDigest.isEqual(actual, HexFormat.of().parseHex(header.substring("sha256=".length())));
    }
}

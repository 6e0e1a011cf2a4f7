package dev.cutover.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Constant-time checks of the admin token and of GitHub's X-Hub-Signature-256. */
public final class Signatures {
    private Signatures() {
    }

    /** {@code sha256=} followed by the hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String githubSignature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean validGithubSignature(String secret, byte[] body, String header) {
        return header != null && equal(githubSignature(secret, body), header);
    }

    /** Compares in time independent of where the strings differ. */
    public static boolean equal(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

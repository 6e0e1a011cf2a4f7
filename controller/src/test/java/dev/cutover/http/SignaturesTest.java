package dev.cutover.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignaturesTest {
    /** The test vector in GitHub's documentation, "Validating webhook deliveries". */
    @Test
    void matchesGithubsPublishedTestVector() {
        String sig = Signatures.githubSignature("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8));
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", sig);
    }

    @ParameterizedTest(name = "header ''{0}'' is rejected")
    @CsvSource(value = {"''", "sha256=", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18",
            "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
    void anythingButTheExactSignatureIsRejected(String header) {
        assertFalse(Signatures.validGithubSignature("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8), header));
    }

    @Test
    void theExactSignatureIsAcceptedAndANullHeaderIsNot() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertTrue(Signatures.validGithubSignature("It's a Secret to Everybody", body,
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
        assertFalse(Signatures.validGithubSignature("It's a Secret to Everybody", body, null));
    }
}

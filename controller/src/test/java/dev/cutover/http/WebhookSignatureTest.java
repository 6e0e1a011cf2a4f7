package dev.cutover.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSignatureTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String GITHUB_VECTOR = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @ParameterizedTest(name = "''{0}'' split every {1} bytes matches: {2}")
    @CsvSource({
        "'Hello, World!', 13, true",
        "'Hello, World!', 1, true",
        "'Hello, World!', 5, true",
        "'Hello, World?', 4, false",
        "'Hello, World', 4, false",
    })
    void aBodyStreamedInChunksMatchesTheSignatureOfTheWholeBody(String body, int chunk, boolean matches) {
        WebhookSignature check = new WebhookSignature(SECRET);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuffer b = ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i));
            check.update(b);
            assertEquals(i, b.position(), "update leaves the buffer for the caller");
        }
        assertEquals(matches, check.matches(GITHUB_VECTOR));
    }

    @ParameterizedTest(name = "header ''{0}'' is well formed: {1}")
    @CsvSource(value = {
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17, true",
        "sha256=0000000000000000000000000000000000000000000000000000000000000000, true",
        "'', false",
        "sha256=, false",
        "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17, false",
        "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17, false",
        "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17, false",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1, false",
        "'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17 ', false",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1z, false",
    })
    void onlyAFullLowerCaseSha256HeaderIsWorthReadingABodyFor(String header, boolean wellFormed) {
        assertEquals(wellFormed, WebhookSignature.wellFormed(header));
    }
}

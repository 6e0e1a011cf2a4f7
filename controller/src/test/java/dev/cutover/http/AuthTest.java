package dev.cutover.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthTest {
    private static final String TOKEN = "admin-token-0123456789";

    @ParameterizedTest(name = "token {0}, header ''{1}'' -> {2}")
    @CsvSource(nullValues = "NULL", value = {
        "admin-token-0123456789, Bearer admin-token-0123456789, ALLOWED",
        "admin-token-0123456789, NULL, REFUSED",
        "admin-token-0123456789, '', REFUSED",
        "admin-token-0123456789, admin-token-0123456789, REFUSED",
        "admin-token-0123456789, bearer admin-token-0123456789, REFUSED",
        "admin-token-0123456789, Bearer admin-token-012345678, REFUSED",
        "admin-token-0123456789, Bearer admin-token-01234567890, REFUSED",
        "admin-token-0123456789, Basic YWRtaW46YWRtaW4=, REFUSED",
        "NULL, Bearer admin-token-0123456789, NOT_CONFIGURED",
        "NULL, NULL, NOT_CONFIGURED",
    })
    void onlyTheExactBearerTokenIsAllowedAndNoTokenMeansDisabled(String token, String header, Auth.Verdict expected) {
        assertEquals(expected, new Auth(Optional.ofNullable(token)).check(header));
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource({"REFUSED, 401", "NOT_CONFIGURED, 403"})
    void refusalsAnswerWithoutQuotingTheToken(Auth.Verdict v, int status) {
        assertEquals(status, Auth.status(v));
        assertFalse(Auth.message(v).contains(TOKEN));
    }
}

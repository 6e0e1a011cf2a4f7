package dev.cutover.http;

import java.util.Optional;

/**
 * The admin token check: {@code Authorization: Bearer <token>}, compared in constant time.
 * Without a configured token, the calls that need one are disabled rather than open.
 */
final class Auth {
    enum Verdict { ALLOWED, NOT_CONFIGURED, REFUSED }

    private final Optional<String> token;

    Auth(Optional<String> token) {
        this.token = token;
    }

    Verdict check(String authorizationHeader) {
        if (token.isEmpty()) {
            return Verdict.NOT_CONFIGURED;
        }
        return Signatures.equal("Bearer " + token.get(), authorizationHeader) ? Verdict.ALLOWED : Verdict.REFUSED;
    }

    /** The answer to a request the verdict does not allow; never quotes the header it was given. */
    static int status(Verdict v) {
        return v == Verdict.NOT_CONFIGURED ? 403 : 401;
    }

    static String message(Verdict v) {
        return v == Verdict.NOT_CONFIGURED
                ? "no admin token is configured (admin.tokenFile): this call is disabled\n"
                : "missing or wrong admin token\n";
    }
}

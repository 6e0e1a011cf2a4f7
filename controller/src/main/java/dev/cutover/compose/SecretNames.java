package dev.cutover.compose;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which environment variables look secret, so an import never writes their values into the
 * desired-state repository (which many people can read): they become {@code secrets:} names,
 * and their values go into the host's secrets file. It errs towards secret: naming a plain
 * value a secret costs one line in a file; committing a password costs a rotation.
 */
final class SecretNames {
    private static final List<String> WORDS = List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL");
    /** A URL carrying a password in its user info: {@code scheme://user:password@host}. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]+@.*");

    private SecretNames() {
    }

    /** Whether the name alone says secret: it names a password, secret, token, key or credential, or is DATABASE_URL. */
    static boolean byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("DATABASE_URL") || WORDS.stream().anyMatch(upper::contains);
    }

    /** Whether a variable is secret given its value as written (null when it has none). */
    static boolean isSecret(String name, String value) {
        if (byName(name)) {
            return true;
        }
        if (value == null) {
            return false;
        }
        boolean url = name.toUpperCase(Locale.ROOT).endsWith("_URL");
        // A value built from a secret-looking variable (redis://:${REDIS_PASSWORD}@cache) is secret too.
        return (url && URL_WITH_PASSWORD.matcher(value).matches())
                || Interpolation.resolve(value).needed().stream().anyMatch(SecretNames::byName);
    }
}

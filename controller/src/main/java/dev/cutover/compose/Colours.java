package dev.cutover.compose;

import dev.cutover.common.Colour;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the colour out of a compose service name, the way people name the two slots of one
 * app by hand: {@code web-blue}/{@code web-green}, {@code web_blue}, {@code blue-web},
 * {@code webgreen}. The rest of the name, without the colour and the separator next to it,
 * is what the two colours share.
 */
final class Colours {
    private static final Pattern COLOUR = Pattern.compile("blue|green", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]{2,}");
    private static final Pattern EDGES = Pattern.compile("^[-_.]+|[-_.]+$");

    /** A service name split into its colour and the name both colours share. */
    record Named(Optional<Colour> colour, String base) {
    }

    private Colours() {
    }

    /** The colour (when the name holds exactly one colour word, once) and the name without it. */
    static Named split(String service) {
        Matcher m = COLOUR.matcher(service);
        if (!m.find()) {
            return new Named(Optional.empty(), service);
        }
        Colour colour = Colour.parse(m.group());
        int start = m.start();
        int end = m.end();
        if (m.find()) {
            return new Named(Optional.empty(), service); // blue-green-web: no single colour
        }
        String rest = service.substring(0, start) + "-" + service.substring(end);
        rest = EDGES.matcher(SEPARATORS.matcher(rest).replaceAll("-")).replaceAll("");
        return new Named(Optional.of(colour), rest);
    }

    /** An app name made from a compose name: lower case, {@code _} and {@code .} as {@code -}. */
    static String appName(String base) {
        return base.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    }
}

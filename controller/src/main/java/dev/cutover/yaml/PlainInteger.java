package dev.cutover.yaml;

import java.util.regex.Pattern;

/**
 * YAML 1.1 (what SnakeYAML implements) reads several spellings as numbers that a person does
 * not mean: {@code 05670} is octal 3000, {@code 50:00} is sexagesimal 3000, {@code 0x1F},
 * {@code 0b101}, {@code 1_000} and {@code +5} are numbers too. A port or a count in the
 * desired state must be written as plain decimal digits, so what a reviewer reads in a PR is
 * what the controller uses.
 */
public final class PlainInteger {
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0[0-9_]+");
    private static final Pattern SEXAGESIMAL = Pattern.compile("[-+]?[0-9][0-9_]*(:[0-9_]+)+");
    private static final Pattern PREFIXED = Pattern.compile("[-+]?0[xXoObB][0-9a-fA-F_]*");
    private static final Pattern SEPARATED = Pattern.compile("[-+]?[0-9][0-9_]*");

    private PlainInteger() {
    }

    /** Whether {@code text} is plain decimal digits with an optional leading minus. */
    public static boolean isPlain(String text) {
        return DECIMAL.matcher(text).matches();
    }

    /**
     * Why a plain (unquoted) scalar that looks like a number is not a plain decimal number,
     * or null when it is one or does not look like a number at all.
     */
    public static String surprise(String text) {
        if (isPlain(text)) {
            return null;
        }
        String quoted = "'" + Excerpt.of(text) + "'";
        if (LEADING_ZERO.matcher(text).matches()) {
            String digits = text.replaceAll("[-+_]", "").replaceFirst("^0+(?=.)", "");
            return quoted + " is read by YAML 1.1 as an octal number; write a plain decimal number like " + digits;
        }
        if (SEXAGESIMAL.matcher(text).matches()) {
            return quoted + " is read by YAML 1.1 as a sexagesimal (base 60) number; write a plain decimal number";
        }
        if (PREFIXED.matcher(text).matches()) {
            return quoted + " is a hexadecimal, octal or binary number; write a plain decimal number";
        }
        if (text.startsWith("+") && isPlain(text.substring(1))) {
            return quoted + " has a sign YAML 1.1 reads specially; write a plain decimal number like " + text.substring(1);
        }
        if (SEPARATED.matcher(text).matches() && text.contains("_")) {
            return quoted + " uses _ which YAML 1.1 ignores in numbers; write a plain decimal number like " + text.replace("_", "");
        }
        return null;
    }
}

package dev.cutover.common;

import java.util.Locale;

/** The two slots an app runs in; at most one is live at a time. */
public enum Colour {
    BLUE, GREEN;

    public Colour other() {
        return this == BLUE ? GREEN : BLUE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Colour parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}

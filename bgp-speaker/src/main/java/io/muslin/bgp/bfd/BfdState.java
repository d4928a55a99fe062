package io.muslin.bgp.bfd;

import java.util.Locale;

/** The session states of RFC 5880 §4.1, in wire order. */
public enum BfdState {
    ADMIN_DOWN, DOWN, INIT, UP;

    private static final BfdState[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static BfdState of(int code) {
        return BY_CODE[code & 3];
    }

    /** "admin-down", "down", "init", "up": the words of status pages and metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

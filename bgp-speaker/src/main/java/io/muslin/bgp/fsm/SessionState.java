package io.muslin.bgp.fsm;

import java.util.Locale;

/** The session states of RFC 4271 §8.2.2, in the order a session advances through them. */
public enum SessionState {
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED;

    /** "OpenConfirm", as BIRD, GoBGP and the RFC print it. */
    public String displayName() {
        return switch (this) {
            case IDLE -> "Idle";
            case CONNECT -> "Connect";
            case ACTIVE -> "Active";
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            case ESTABLISHED -> "Established";
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}

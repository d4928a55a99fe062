package io.muslin.bgp.fsm;

/** The timers of RFC 4271 §10, plus the idle hold time that damps a flapping peer (§8.1.1 option). */
public enum Timer {
    /** Per peer: when to try an outbound connection again. */
    CONNECT_RETRY,
    /** Per peer: how long to stay Idle after a failure before starting again; grows with each failure. */
    IDLE_HOLD,
    /** Per connection: the peer has sent nothing for the hold time. Lazily re-armed. */
    HOLD,
    /** Per connection: time to send a KEEPALIVE. */
    KEEPALIVE
}

package io.muslin.bgp.fsm;

/** A timer instance: per-peer timers use connection 0. */
public record TimerKey(Timer timer, int connection) {
    public static TimerKey peer(Timer timer) {
        return new TimerKey(timer, 0);
    }
}

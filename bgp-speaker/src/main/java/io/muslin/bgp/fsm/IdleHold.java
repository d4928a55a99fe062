package io.muslin.bgp.fsm;

import java.util.function.LongUnaryOperator;

/**
 * The idle hold of a session machine: after a failure it waits in Idle for a time that doubles
 * per consecutive failure (a flapping peer is damped, RFC 4271 §8.1.1), or for the time a reset
 * asked for. One inbound connection per hold period is taken all the same: two peers that keep
 * colliding would otherwise refuse each other in turn.
 */
final class IdleHold {
    private final SessionSettings settings;
    private final LongUnaryOperator jitter;
    private boolean holding;
    private boolean inboundTaken;
    private int failures;

    IdleHold(SessionSettings settings, LongUnaryOperator jitter) {
        this.settings = settings;
        this.jitter = jitter;
    }

    boolean holding() {
        return holding;
    }

    /** An administrative start: no hold, no failure counted. */
    void start() {
        holding = false;
        failures = 0;
    }

    /** The hold is over (it ran out, the session was established, or the peer was stopped). */
    void end() {
        holding = false;
    }

    /** Holds for a time the caller arms, with no inbound connection taken meanwhile. */
    void holdAsRequested() {
        holding = true;
        inboundTaken = true;
    }

    /** True when holding and this period's one inbound connection is still to be taken: it is taken now. */
    boolean takeInbound() {
        if (holding && !inboundTaken) {
            inboundTaken = true;
            return true;
        }
        return false;
    }

    /** An established session ended after {@code upMillis}: a stable one counts as the first failure again. */
    void sessionEnded(long upMillis) {
        failures = upMillis >= settings.stableTime().toMillis() ? 1 : failures + 1;
    }

    /** A connection ended before it was established. */
    void attemptFailed() {
        failures++;
    }

    /** Starts a hold period; returns its length in milliseconds, jittered. */
    long begin() {
        holding = true;
        inboundTaken = false;
        long min = settings.idleHoldMin().toMillis();
        long delay = Math.min(settings.idleHoldMax().toMillis(), min << Math.min(20, Math.max(0, failures - 1)));
        return jitter.applyAsLong(delay);
    }
}

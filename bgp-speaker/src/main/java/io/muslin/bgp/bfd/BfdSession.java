package io.muslin.bgp.bfd;

import io.muslin.bgp.settings.BfdSpec;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * One BFD session in asynchronous mode (RFC 5880 §6.8), without I/O: packets in through
 * {@link #receive}, time through {@link #wake}, packets and state changes out through
 * {@link Output}. The driver calls {@link #wake} at {@link #nextWake()} or later. Not thread safe:
 * one thread drives it; {@link #status()} may be read from any.
 *
 * <p>Timers as RFC 5880 says: DesiredMinTxInterval is at least one second while not Up (§6.8.3);
 * a change of either interval while Up runs a Poll Sequence, and a slower transmit rate or a
 * faster receive rate takes effect only when the peer answers with Final; the transmit interval
 * is max(our DesiredMinTx, the peer's RequiredMinRx) less a random 0..25 % (10..25 % with a
 * multiplier of 1, §6.8.7); the detection time is the peer's multiplier times max(our
 * RequiredMinRx, the peer's DesiredMinTx) (§6.8.4). Demand mode and echo are not used.
 */
public final class BfdSession {
    /** Where a session's effects go; called on the driving thread. */
    public interface Output {
        void send(BfdSession session, BfdPacket packet);

        /**
         * @param byRemoteAdminDown the peer went AdminDown: a Down that RFC 5882 §3.2 says is not
         *                          a failure of the path
         */
        void stateChanged(BfdSession session, BfdState from, BfdState to, Diagnostic diag, boolean byRemoteAdminDown);
    }

    private static final long SLOW_TX_US = 1_000_000;
    private static final long NEVER = Long.MAX_VALUE;

    private final int localDiscriminator;
    private final BfdClock clock;
    private final RandomGenerator random;
    private final Output output;

    private volatile BfdState state = BfdState.DOWN;
    private volatile Instant since;
    private volatile Diagnostic localDiag = Diagnostic.NONE;
    private volatile BfdState remoteState = BfdState.DOWN;
    private volatile Diagnostic remoteDiag = Diagnostic.NONE;
    private volatile int remoteDiscriminator;
    private volatile boolean remoteControlIndependent;
    private volatile long packetsIn;
    private volatile long packetsOut;
    private volatile long stateChanges;

    /** Configured, in microseconds. */
    private long desiredMinTxUs;
    private long requiredMinRxUs;
    private int detectMult;
    /** What our packets say now and what is in force (they differ during a poll). */
    private long advertisedTxUs;
    private long advertisedRxUs;
    private long effectiveTxUs;
    private long effectiveRxUs;
    private boolean pollActive;
    private boolean adminDown;

    private long remoteMinRxUs = 1;
    private long remoteDesiredTxUs;
    private int remoteMult;

    private long lastTx = Long.MIN_VALUE;
    private long nextTx;
    private long detectDeadline = NEVER;

    public BfdSession(int localDiscriminator, BfdSpec spec, BfdClock clock, RandomGenerator random, Output output) {
        if (localDiscriminator == 0) {
            throw new IllegalArgumentException("the local discriminator must not be 0");
        }
        this.localDiscriminator = localDiscriminator;
        this.clock = clock;
        this.random = random;
        this.output = output;
        this.since = clock.instant();
        configure(spec);
        this.advertisedTxUs = wireTx();
        this.advertisedRxUs = requiredMinRxUs;
        this.effectiveTxUs = advertisedTxUs;
        this.effectiveRxUs = advertisedRxUs;
        this.nextTx = clock.nanoTime();
    }

    private void configure(BfdSpec spec) {
        this.desiredMinTxUs = spec.minTxMs() * 1000L;
        this.requiredMinRxUs = spec.minRxMs() * 1000L;
        this.detectMult = spec.multiplier();
    }

    public int localDiscriminator() {
        return localDiscriminator;
    }

    public BfdState state() {
        return state;
    }

    /** When {@link #wake} has something to do next (a packet to send or the detection time to check), in nanos. */
    public long nextWake() {
        return Math.min(transmitting() ? nextTx : NEVER, detectDeadline);
    }

    /** Sends what is due and declares the session down when the detection time passed. */
    public void wake() {
        long now = clock.nanoTime();
        if (detectDeadline != NEVER && now - detectDeadline >= 0) {
            detectDeadline = NEVER;
            remoteDiscriminator = 0;
            if (state == BfdState.UP || state == BfdState.INIT) {
                change(BfdState.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, false);
            }
        }
        if (transmitting() && now - nextTx >= 0) {
            transmit(now, false);
        }
    }

    /**
     * A packet that passed {@link BfdPacket#decode} and was matched to this session (RFC 5880
     * §6.8.6 from "If the A bit is set" on).
     *
     * @return false when it was discarded
     */
    public boolean receive(BfdPacket p) {
        if (p.authenticated()) {
            return false;
        }
        long now = clock.nanoTime();
        packetsIn++;
        remoteDiscriminator = p.myDiscriminator();
        remoteState = p.state();
        remoteDiag = p.diag();
        remoteControlIndependent = p.controlIndependent();
        long oldInterval = txIntervalUs();
        remoteMinRxUs = p.requiredMinRxUs();
        remoteDesiredTxUs = p.desiredMinTxUs();
        remoteMult = p.detectMult();
        if (p.fin() && pollActive) {
            pollActive = false;
            effectiveTxUs = advertisedTxUs;
            effectiveRxUs = advertisedRxUs;
        }
        detectDeadline = now + detectTimeUs() * 1000;
        if (!adminDown) {
            switch (p.state()) {
                case ADMIN_DOWN -> {
                    if (state != BfdState.DOWN) {
                        change(BfdState.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, true);
                    }
                }
                case DOWN -> {
                    if (state == BfdState.DOWN) {
                        change(BfdState.INIT, Diagnostic.NONE, false);
                    } else if (state == BfdState.UP) {
                        change(BfdState.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, false);
                    }
                }
                case INIT -> {
                    if (state == BfdState.DOWN || state == BfdState.INIT) {
                        change(BfdState.UP, Diagnostic.NONE, false);
                    }
                }
                case UP -> {
                    if (state == BfdState.INIT) {
                        change(BfdState.UP, Diagnostic.NONE, false);
                    }
                }
            }
        }
        if (p.poll()) {
            sendNow(now, true);
        } else {
            rescheduleFaster(oldInterval, now);
        }
        return true;
    }

    /** New intervals or multiplier: a Poll Sequence when Up (RFC 5880 §6.8.3), at once otherwise. */
    public void update(BfdSpec spec) {
        configure(spec);
        timersChanged();
        if (pollActive) {
            sendNow(clock.nanoTime(), false);
        }
    }

    /** AdminDown (diagnostic 7): the peer is told the session is down on purpose, not that the path failed. */
    public void adminDown() {
        if (adminDown) {
            return;
        }
        adminDown = true;
        detectDeadline = NEVER;
        change(BfdState.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN, false);
    }

    /** Back from AdminDown to Down. */
    public void adminUp() {
        if (!adminDown) {
            return;
        }
        adminDown = false;
        change(BfdState.DOWN, Diagnostic.NONE, false);
    }

    public BfdStatus status() {
        long detect = remoteMult == 0 ? 0 : detectTimeUs() / 1000;
        return new BfdStatus(state, since, localDiag, remoteState, remoteDiag, localDiscriminator, remoteDiscriminator,
                remoteMinRxUs == 0 ? 0 : txIntervalUs() / 1000, detect, remoteControlIndependent, packetsIn, packetsOut,
                stateChanges);
    }

    // ---- internals -----------------------------------------------------------------------------

    private void change(BfdState to, Diagnostic diag, boolean byRemoteAdminDown) {
        BfdState from = state;
        if (from == to) {
            return;
        }
        if (diag != Diagnostic.NONE || to == BfdState.UP) {
            localDiag = diag;
        }
        state = to;
        since = clock.instant();
        stateChanges++;
        timersChanged();
        output.stateChanged(this, from, to, localDiag, byRemoteAdminDown);
        sendNow(clock.nanoTime(), false);
    }

    /** Our DesiredMinTx as the wire must carry it in the current state. */
    private long wireTx() {
        return state == BfdState.UP ? desiredMinTxUs : Math.max(SLOW_TX_US, desiredMinTxUs);
    }

    private void timersChanged() {
        long tx = wireTx();
        long rx = requiredMinRxUs;
        if (tx == advertisedTxUs && rx == advertisedRxUs) {
            return;
        }
        long oldInterval = txIntervalUs();
        advertisedTxUs = tx;
        advertisedRxUs = rx;
        if (state == BfdState.UP) {
            // A faster transmit rate and a slower receive rate are safe at once; the others wait for Final.
            effectiveTxUs = Math.min(effectiveTxUs, tx);
            effectiveRxUs = Math.max(effectiveRxUs, rx);
            pollActive = true;
        } else {
            pollActive = false;
            effectiveTxUs = tx;
            effectiveRxUs = rx;
            rescheduleFaster(oldInterval, clock.nanoTime());
        }
    }

    private boolean transmitting() {
        return remoteMinRxUs != 0;
    }

    private long txIntervalUs() {
        return Math.max(effectiveTxUs, remoteMinRxUs);
    }

    private long detectTimeUs() {
        return (long) remoteMult * Math.max(effectiveRxUs, remoteDesiredTxUs);
    }

    /** When the interval got shorter, the next packet must not wait for the old, longer one. */
    private void rescheduleFaster(long oldIntervalUs, long now) {
        long interval = txIntervalUs();
        if (interval < oldIntervalUs && lastTx != Long.MIN_VALUE) {
            long candidate = lastTx + jittered(interval) * 1000;
            if (candidate - nextTx < 0) {
                nextTx = Math.max(candidate, now);
            }
        }
    }

    private void sendNow(long now, boolean fin) {
        if (!transmitting() && !fin) {
            return;
        }
        transmit(now, fin);
    }

    private void transmit(long now, boolean fin) {
        BfdPacket p = new BfdPacket(localDiag, state, pollActive && !fin, fin, false, false, false, detectMult,
                localDiscriminator, remoteDiscriminator, advertisedTxUs, advertisedRxUs, 0);
        packetsOut++;
        if (!fin) {
            // A Final answers a poll "without respect to the transmission timer" (6.8.7): the schedule stays.
            lastTx = now;
            nextTx = now + jittered(txIntervalUs()) * 1000;
        }
        output.send(this, p);
    }

    /** RFC 5880 §6.8.7: 75..100 % of the interval, or 75..90 % with a multiplier of 1. */
    long jittered(long intervalUs) {
        double top = detectMult == 1 ? 0.90 : 1.0;
        return (long) (intervalUs * (0.75 + (top - 0.75) * random.nextDouble()));
    }
}

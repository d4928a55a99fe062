package io.muslin.bgp.fsm;

import static io.muslin.bgp.fsm.SessionState.CONNECT;
import static io.muslin.bgp.fsm.SessionState.ESTABLISHED;
import static io.muslin.bgp.fsm.SessionState.OPEN_CONFIRM;
import static io.muslin.bgp.fsm.SessionState.OPEN_SENT;

import io.muslin.bgp.wire.BgpMessage;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.Keepalive;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.Open;
import io.muslin.bgp.wire.RouteRefresh;
import io.muslin.bgp.wire.Update;
import io.muslin.bgp.wire.UpdateError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The BGP session state machine of one peer (RFC 4271 §8), sans I/O: {@link #process(Input)}
 * takes an event and returns what to do. It owns every connection to the peer
 * ({@link Connections}), so connection collisions (§6.8, {@link CollisionResolution}) are resolved
 * here, and it damps a flapping peer with an idle hold time that doubles per consecutive failure
 * ({@link IdleHold}). How a session's end is told and taken under graceful restart is
 * {@link SessionEndings}'; which families an UPDATE may carry, {@link FamilyFilter}'s. Not
 * thread-safe: one driver thread calls it.
 */
public final class SessionFsm {
    private final SessionSettings settings;
    private final LongSupplier clock;
    private final LongUnaryOperator jitter;
    private final SessionEndings endings;
    private final IdleHold idleHold;
    private final Connections connections = new Connections();
    private final FamilyFilter families = new FamilyFilter();
    private Open localOpen;
    private boolean adminUp;
    private long establishedAt;
    private SessionState state = SessionState.IDLE;
    private String reason = "";
    private String lastDownReason = "";

    /**
     * @param clock  milliseconds, monotonic (e.g. {@code System.nanoTime() / 1_000_000}, or a fake)
     * @param jitter shortens a retry delay at random so two peers that failed together do not retry
     *               in lockstep (RFC 4271 §10 suggests 0.75..1.0 of the delay); identity in tests
     */
    public SessionFsm(SessionSettings settings, LongSupplier clock, LongUnaryOperator jitter) {
        this.settings = settings;
        this.clock = clock;
        this.jitter = jitter;
        this.endings = new SessionEndings(settings);
        this.idleHold = new IdleHold(settings, jitter);
        this.localOpen = OpenNegotiation.localOpen(settings);
    }

    /** RFC 4271 §10 jitter: each delay is multiplied by a random factor in 0.75..1.0. */
    public static long rfcJitter(long delay) {
        return (long) (delay * java.util.concurrent.ThreadLocalRandom.current().nextDouble(0.75, 1.0));
    }

    public SessionSettings settings() {
        return settings;
    }

    public SessionState state() {
        return state;
    }

    /** Why the last established session ended, in plain words ("" if it never did). */
    public String lastDownReason() {
        return lastDownReason;
    }

    /** What the established session agreed, or null when not Established. */
    public Negotiated negotiated() {
        Connection c = connections.established();
        return c == null ? null : c.negotiated;
    }

    /** The established connection's id, or 0. */
    public int establishedConnection() {
        Connection c = connections.established();
        return c == null ? 0 : c.id;
    }

    /** A fresh connection id for an inbound connection the driver is about to report. */
    public int newConnectionId() {
        return connections.newId();
    }

    public List<Output> process(Input input) {
        List<Output> out = new ArrayList<>(4);
        if (input instanceof Input.Received r) {
            received(r.connection(), r.message(), out); // most inputs: decided without the type switch
        } else {
            dispatch(input, out);
        }
        SessionState now = derive();
        if (now != state) {
            out.add(new Output.StateChanged(state, now, reason));
            state = now;
        }
        return out;
    }

    private void dispatch(Input input, List<Output> out) {
        switch (input) {
            case Input.Start s -> start(out);
            case Input.Stop s -> stop(s.cease(), out);
            case Input.Reset r -> reset(r.notification(), r.restartAfterMillis(), out);
            case Input.RestartComplete r -> localOpen = OpenNegotiation.localOpen(
                    settings.withGracefulRestart(settings.gracefulRestartTime(), false, settings.forwardingPreserved()));
            case Input.Connected c -> connected(c.connection(), c.direction(), out);
            case Input.ConnectFailed f -> connectFailed(f.connection(), f.reason(), out);
            case Input.Closed c -> closed(c.connection(), c.reason(), out);
            case Input.Received r -> received(r.connection(), r.message(), out);
            case Input.ProtocolError e -> {
                Connection c = connections.get(e.connection());
                if (c != null) {
                    Notification n = e.error().notification();
                    fail(c, n, "notification-sent " + n.describe() + ": " + e.error().getMessage(), out);
                }
            }
            case Input.TimerFired t -> timer(t.key(), out);
        }
    }

    // ---- administrative events --------------------------------------------------------------

    private void start(List<Output> out) {
        if (adminUp) {
            return;
        }
        adminUp = true;
        idleHold.start();
        reason = "start";
        beginConnecting(out);
    }

    private void stop(Notification cease, List<Output> out) {
        if (!adminUp && connections.isEmpty()) {
            return;
        }
        adminUp = false;
        idleHold.end();
        reason = cease == null ? "stopped-for-restart" : "admin-down";
        for (Connection c : connections.all()) {
            if (c.state != CONNECT && cease != null) {
                out.add(new Output.Send(c.id, endings.outgoing(c, cease)));
            }
            out.add(new Output.Close(c.id));
            drop(c, reason, false, out);
        }
        out.add(new Output.CancelTimer(TimerKey.peer(Timer.CONNECT_RETRY)));
        out.add(new Output.CancelTimer(TimerKey.peer(Timer.IDLE_HOLD)));
    }

    private void reset(Notification n, long restartAfter, List<Output> out) {
        if (!adminUp) {
            return;
        }
        for (Connection c : connections.all()) {
            if (c.state == CONNECT) {
                out.add(new Output.Close(c.id));
                connections.remove(c.id);
            } else {
                fail(c, n, "notification-sent " + n.describe(), out);
            }
        }
        // The requested delay replaces whatever idle hold the failure count gave.
        idleHold.holdAsRequested();
        out.add(new Output.ArmTimer(TimerKey.peer(Timer.IDLE_HOLD), restartAfter));
    }

    private void beginConnecting(List<Output> out) {
        if (!settings.passive()) {
            connectOut(out);
        }
    }

    private void connectOut(List<Output> out) {
        int id = connections.newId();
        connections.put(new Connection(id, Direction.OUTBOUND, CONNECT));
        out.add(new Output.Connect(id));
        // RFC 4271 §8.2.2: the ConnectRetry timer runs while connecting (it is also the connect timeout).
        out.add(new Output.ArmTimer(TimerKey.peer(Timer.CONNECT_RETRY), jitter.applyAsLong(settings.connectRetry().toMillis())));
    }

    // ---- TCP events -------------------------------------------------------------------------

    private void connected(int id, Direction direction, List<Output> out) {
        Connection c;
        if (direction == Direction.INBOUND) {
            // Idle refuses connections (RFC 4271 §8.2.2), but during the idle hold after a failure one
            // inbound attempt per hold period is taken: two peers that keep colliding would otherwise
            // refuse each other in turn. A flapping peer still gets at most one try per period.
            if (!adminUp || idleHold.holding() && !idleHold.takeInbound()) {
                out.add(new Output.Send(id, new Notification(Notification.CEASE, Notification.CONNECTION_REJECTED)));
                out.add(new Output.Close(id));
                return;
            }
            c = new Connection(id, Direction.INBOUND, OPEN_SENT);
            connections.put(c);
        } else {
            c = connections.get(id);
            if (c == null || c.state != CONNECT) {
                out.add(new Output.Close(id));
                return;
            }
            c.state = OPEN_SENT;
            out.add(new Output.CancelTimer(TimerKey.peer(Timer.CONNECT_RETRY)));
        }
        reason = "tcp-connected " + direction.name().toLowerCase(java.util.Locale.ROOT);
        c.lastReceived = clock.getAsLong();
        out.add(new Output.Send(id, localOpen));
        out.add(new Output.ArmTimer(new TimerKey(Timer.HOLD, id), SessionSettings.OPEN_SENT_HOLD.toMillis()));
    }

    private void connectFailed(int id, String why, List<Output> out) {
        Connection c = connections.remove(id);
        if (c == null) {
            return;
        }
        // The ConnectRetry timer armed with the attempt brings the next one; nothing else to do.
        reason = why;
    }

    private void closed(int id, String why, List<Output> out) {
        Connection c = connections.get(id);
        if (c == null) {
            return;
        }
        if (c.state == CONNECT) {
            connectFailed(id, why, out);
            return;
        }
        drop(c, why, endings.gracefulRestartAgreed(c), out);
    }

    // ---- messages ---------------------------------------------------------------------------

    private void received(int id, DecodedMessage decoded, List<Output> out) {
        Connection c = connections.get(id);
        if (c == null || c.state == CONNECT) {
            return;
        }
        c.lastReceived = clock.getAsLong();
        BgpMessage m = decoded.message();
        if (m instanceof Notification n) {
            out.add(new Output.Close(id));
            drop(c, "notification-received " + SessionEndings.describeReceived(n), endings.mayRestartAfter(c, n), out);
            return;
        }
        if (m instanceof Update u && c.state == ESTABLISHED) {
            // The message of a table load, taken before the type switch below (whose bootstrap
            // method handle the client compiler calls on every message).
            deliverUpdate(c, decoded, u, out);
            return;
        }
        switch (c.state) {
            case OPEN_SENT -> {
                if (m instanceof Open open) {
                    openReceived(c, open, out);
                } else {
                    fail(c, new Notification(Notification.FSM_ERROR, 1),
                            "fsm-error: " + BgpMessage.typeName(m.type()) + " in OpenSent", out);
                }
            }
            case OPEN_CONFIRM -> {
                if (m instanceof Keepalive) {
                    establish(c, out);
                } else {
                    fail(c, new Notification(Notification.FSM_ERROR, 2),
                            "fsm-error: " + BgpMessage.typeName(m.type()) + " in OpenConfirm", out);
                }
            }
            case ESTABLISHED -> {
                switch (m) {
                    case Update u -> deliverUpdate(c, decoded, u, out);
                    case RouteRefresh r -> {
                        if (c.negotiated.families().contains(r.family())) {
                            out.add(new Output.Deliver(decoded));
                        }
                    }
                    case Keepalive k -> { }
                    default -> fail(c, new Notification(Notification.FSM_ERROR, 3),
                            "fsm-error: " + BgpMessage.typeName(m.type()) + " in Established", out);
                }
            }
            default -> { }
        }
    }

    private void openReceived(Connection c, Open open, List<Output> out) {
        switch (OpenNegotiation.negotiate(settings, open)) {
            case OpenNegotiation.Result.Rejected r ->
                    fail(c, r.notification(), "notification-sent " + r.notification().describe() + ": " + r.reason(), out);
            case OpenNegotiation.Result.Agreed a -> {
                Negotiated n = a.negotiated();
                c.negotiated = n;
                c.state = OPEN_CONFIRM;
                reason = "open-received";
                out.add(new Output.UseCodec(c.id, n.codecContext()));
                out.add(new Output.Send(c.id, Keepalive.INSTANCE));
                armSessionTimers(c, out);
                resolveCollision(c, out);
            }
        }
    }

    private void armSessionTimers(Connection c, List<Output> out) {
        int hold = c.negotiated.holdTime();
        if (hold == 0) {
            out.add(new Output.CancelTimer(new TimerKey(Timer.HOLD, c.id)));
            return;
        }
        out.add(new Output.ArmTimer(new TimerKey(Timer.HOLD, c.id), hold * 1000L));
        out.add(new Output.ArmTimer(new TimerKey(Timer.KEEPALIVE, c.id), c.negotiated.keepaliveInterval() * 1000L));
    }

    /** RFC 4271 §6.8 ({@link CollisionResolution}), and RFC 4724 for a peer that restarted while established. */
    private void resolveCollision(Connection c, List<Output> out) {
        for (Connection o : connections.all()) {
            if (o == c || o.state == CONNECT) {
                continue;
            }
            if (o.state == ESTABLISHED && endings.gracefulRestartAgreed(o)) {
                // The peer restarted and reconnected before we noticed: the old session is dead.
                out.add(new Output.Close(o.id));
                drop(o, "peer-restarted (new connection while established)", true, out);
                continue;
            }
            Connection loser = CollisionResolution.loser(settings, c, o);
            out.add(new Output.Send(loser.id, new Notification(Notification.CEASE, Notification.CONNECTION_COLLISION_RESOLUTION)));
            out.add(new Output.Close(loser.id));
            removeQuietly(loser, out);
            if (loser == c) {
                return;
            }
        }
    }

    private void establish(Connection c, List<Output> out) {
        c.state = ESTABLISHED;
        establishedAt = clock.getAsLong();
        if (idleHold.holding()) {
            idleHold.end();
            out.add(new Output.CancelTimer(TimerKey.peer(Timer.IDLE_HOLD)));
        }
        families.clear();
        reason = "keepalive-received";
        for (Connection o : connections.all()) {
            if (o != c) {
                if (o.state != CONNECT) {
                    out.add(new Output.Send(o.id, new Notification(Notification.CEASE, Notification.CONNECTION_COLLISION_RESOLUTION)));
                }
                out.add(new Output.Close(o.id));
                removeQuietly(o, out);
            }
        }
        out.add(new Output.CancelTimer(TimerKey.peer(Timer.CONNECT_RETRY)));
        out.add(new Output.Established(c.id, c.negotiated));
    }

    private void deliverUpdate(Connection c, DecodedMessage decoded, Update u, List<Output> out) {
        if (families.disable(decoded, c.negotiated.families(), out)) {
            UpdateError first = decoded.errors().stream().filter(e -> e.family() != null).findFirst().orElseThrow();
            fail(c, new Notification(Notification.UPDATE_MESSAGE_ERROR, first.subcode()),
                    "notification-sent 3/" + first.subcode() + ": every address family disabled (" + first.reason() + ")", out);
            return;
        }
        DecodedMessage kept = families.keep(decoded, u, c.negotiated.families());
        if (kept != null) {
            out.add(new Output.Deliver(kept));
        }
    }

    // ---- timers -----------------------------------------------------------------------------

    private void timer(TimerKey key, List<Output> out) {
        switch (key.timer()) {
            case CONNECT_RETRY -> {
                if (!adminUp || idleHold.holding() || settings.passive()) {
                    return;
                }
                for (Connection c : connections.all()) {
                    if (c.state == CONNECT) {
                        out.add(new Output.Close(c.id));
                        connections.remove(c.id);
                        reason = "connect-timeout";
                    }
                }
                if (connections.isEmpty()) {
                    connectOut(out);
                }
            }
            case IDLE_HOLD -> {
                if (adminUp && idleHold.holding()) {
                    idleHold.end();
                    reason = "idle-hold-time-over";
                    if (connections.isEmpty()) {
                        beginConnecting(out);
                    }
                }
            }
            case HOLD -> {
                Connection c = connections.get(key.connection());
                if (c == null || c.state == CONNECT) {
                    return;
                }
                long holdMillis = c.negotiated == null ? SessionSettings.OPEN_SENT_HOLD.toMillis()
                        : c.negotiated.holdTime() * 1000L;
                if (holdMillis == 0) {
                    return;
                }
                long quiet = clock.getAsLong() - c.lastReceived;
                if (quiet < holdMillis) {
                    // Lazy hold timer: messages only move lastReceived; re-arm for what is left.
                    out.add(new Output.ArmTimer(key, holdMillis - quiet));
                } else {
                    fail(c, new Notification(Notification.HOLD_TIMER_EXPIRED, 0), "hold-timer-expired", out);
                }
            }
            case KEEPALIVE -> {
                Connection c = connections.get(key.connection());
                if (c == null || c.negotiated == null || c.negotiated.holdTime() == 0) {
                    return;
                }
                out.add(new Output.Send(c.id, Keepalive.INSTANCE));
                out.add(new Output.ArmTimer(key, c.negotiated.keepaliveInterval() * 1000L));
            }
        }
    }

    // ---- endings ----------------------------------------------------------------------------

    /** Sends a NOTIFICATION, closes, and records why. */
    private void fail(Connection c, Notification n, String why, List<Output> out) {
        Notification sent = endings.outgoing(c, n);
        out.add(new Output.Send(c.id, sent));
        out.add(new Output.Close(c.id));
        drop(c, why, endings.mayRestartAfter(c, sent), out);
    }

    /** Forgets a connection; if it was the session, reports Down; if nothing is left, waits in Idle. */
    private void drop(Connection c, String why, boolean peerMayRestart, List<Output> out) {
        boolean wasEstablished = c.state == ESTABLISHED;
        removeQuietly(c, out);
        reason = why;
        if (wasEstablished) {
            lastDownReason = why;
            out.add(new Output.Down(why, peerMayRestart));
            idleHold.sessionEnded(clock.getAsLong() - establishedAt);
        } else if (adminUp) {
            idleHold.attemptFailed();
        }
        if (adminUp && !connections.sessionInProgress()) {
            enterIdleHold(out);
        }
    }

    private void removeQuietly(Connection c, List<Output> out) {
        connections.remove(c.id);
        out.add(new Output.CancelTimer(new TimerKey(Timer.HOLD, c.id)));
        out.add(new Output.CancelTimer(new TimerKey(Timer.KEEPALIVE, c.id)));
    }

    private void enterIdleHold(List<Output> out) {
        for (Connection c : connections.all()) {
            out.add(new Output.Close(c.id));
            connections.remove(c.id);
        }
        out.add(new Output.CancelTimer(TimerKey.peer(Timer.CONNECT_RETRY)));
        out.add(new Output.ArmTimer(TimerKey.peer(Timer.IDLE_HOLD), idleHold.begin()));
    }

    private SessionState derive() {
        SessionState best = connections.furthestState();
        if (best != null) {
            return best;
        }
        return !adminUp || idleHold.holding() ? SessionState.IDLE : SessionState.ACTIVE;
    }
}

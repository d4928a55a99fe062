package io.muslin.bgp.speaker;

import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.bfd.Diagnostic;
import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.PeerControl;
import io.muslin.bgp.rib.Rib;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.bgp.transport.OutboundUpdates;
import io.muslin.bgp.transport.PeerListener;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.RouteRefresh;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's connection between its transport session and the RIB: the session's events go to
 * the RIB and to the speaker's {@link SessionListener}s, the RIB's Adj-RIB-Out feeds the session
 * when its socket is writable, and reading pauses while the RIB is behind.
 */
final class PeerBinding implements PeerListener, OutboundUpdates, PeerControl {
    private static final Logger log = LoggerFactory.getLogger(PeerBinding.class);
    /** The reason a session brought down by BFD shows, in status, events and metrics. */
    static final String BFD_DOWN = "bfd-down";
    /** UPDATEs queued for the RIB per peer before reading from that peer pauses, and resumes. */
    private static final int PAUSE_AT = 256;
    private static final int RESUME_AT = 32;

    final String name;
    private final Rib rib;
    private final List<SessionListener> listeners;
    private volatile PeerSpec spec;
    private volatile PeerId id;
    private volatile BgpPeer peer;
    /** The back-pressure from the RIB on {@link #throttled}'s socket (made on its event loop at the first UPDATE). */
    private ReadThrottle throttle;
    private BgpPeer throttled;
    private volatile Negotiated lastNegotiated;
    /** Removed from the speaker: the RIB forgot the peer already, so later session events do not reach it. */
    private volatile boolean removed;
    /** When the session entered its current state. */
    private volatile Instant stateSince = Instant.now();
    /** BFD asked for the session to end: the next Down is {@link #BFD_DOWN}, without graceful restart. */
    private volatile boolean bfdDownPending;
    /** The next state change is the one BFD caused. */
    private volatile boolean bfdReasonForNextChange;
    /** Why the last session ended when BFD ended it, else null (the session's own reason holds). */
    private volatile String downReasonOverride;

    PeerBinding(PeerSpec spec, Rib rib, List<SessionListener> listeners) {
        this.name = spec.address().toString();
        this.rib = rib;
        this.listeners = listeners;
        this.spec = spec;
        this.id = new PeerId(spec.address(), spec.description());
    }

    void attach(BgpPeer p) {
        this.peer = p;
    }

    BgpPeer peer() {
        return peer;
    }

    PeerSpec spec() {
        return spec;
    }

    /** The same session with a new policy or description. */
    void update(PeerSpec next) {
        this.spec = next;
        if (!id.description().equals(next.description())) {
            this.id = new PeerId(next.address(), next.description());
        }
    }

    void markRemoved() {
        removed = true;
    }

    /**
     * The peer's BFD session changed state (on the BFD event loop). Up to Down, unless the peer
     * went AdminDown on purpose (RFC 5882 §3.2): an Established session ends at once with Cease
     * 6/10 (RFC 9384) and the peer's routes are withdrawn at once, graceful restart or not, as FRR
     * and BIRD do by default. While the peer restarts gracefully (its routes kept stale, the BGP
     * session already down) a BFD Down is expected when its BFD shares fate with its control plane
     * (C bit clear) and the stale routes stay; with the C bit set its forwarding plane failed too
     * (RFC 5882 §4.3.2), so they are withdrawn now.
     */
    void bfdStateChanged(BfdState from, BfdState to, Diagnostic diag, boolean byRemoteAdminDown,
                         boolean remoteControlIndependent) {
        if (removed || from != BfdState.UP || to != BfdState.DOWN) {
            return;
        }
        if (byRemoteAdminDown) {
            log.info("peer {}: BFD down because the peer took it down administratively; the BGP session stays", name);
            return;
        }
        BgpPeer p = peer;
        if (p != null && p.state() == SessionState.ESTABLISHED) {
            log.info("peer {}: BFD down ({}): ending the BGP session and withdrawing its routes", name, diag.label());
            bfdDownPending = true;
            p.reset(new Notification(Notification.CEASE, Notification.BFD_DOWN, new byte[0]), spec.session().connectRetry());
        } else if (rib.stats().peers().getOrDefault(name, Rib.PeerStats.NONE).restarting()) {
            if (remoteControlIndependent) {
                log.info("peer {}: BFD down ({}) while it restarts, with its C bit set: its forwarding failed, "
                        + "withdrawing its stale routes", name, diag.label());
                rib.peerDown(name, null);
            } else {
                log.info("peer {}: BFD down ({}) while it restarts gracefully: stale routes kept", name, diag.label());
            }
        }
    }

    PeerStatus status(Rib.RibStats stats) {
        return status(stats, null);
    }

    PeerStatus status(Rib.RibStats stats, BfdStatus bfd) {
        BgpPeer p = peer;
        Rib.PeerStats counts = stats.peers().getOrDefault(name, Rib.PeerStats.NONE);
        Negotiated n = p.negotiated();
        PeerStatus.GracefulRestartState gr = counts.restarting() ? PeerStatus.GracefulRestartState.PEER_RESTARTING
                : spec.session().gracefulRestartTime() > 0 ? PeerStatus.GracefulRestartState.ENABLED
                : PeerStatus.GracefulRestartState.DISABLED;
        String override = downReasonOverride;
        return new PeerStatus(id, spec.session().asNumber(), p.state(),
                n == null ? null : Instant.ofEpochMilli(p.establishedAtMillis()), override != null ? override : p.lastDownReason(),
                n == null ? 0 : n.holdTime(), n == null ? List.of() : n.families(), counts.received(), counts.accepted(),
                counts.advertised(), p.updatesReceived(), p.updatesSent(), p.messagesReceived(), p.messagesSent(),
                codes(p.notificationsSent()), codes(p.notificationsReceived()), gr, stateSince, bfd);
    }

    private static Map<NotificationCode, Long> codes(Map<Integer, Long> packed) {
        Map<NotificationCode, Long> out = new HashMap<>();
        packed.forEach((k, v) -> out.put(NotificationCode.of(k), v));
        return out;
    }

    /** On the peer's event loop: the throttle of this session's socket. */
    private ReadThrottle throttle(BgpPeer p) {
        ReadThrottle t = throttle;
        if (t == null || throttled != p) {
            t = new ReadThrottle(PAUSE_AT, RESUME_AT, p::execute, on -> {
                if (on) {
                    p.resumeReading();
                } else {
                    p.pauseReading();
                }
            });
            throttle = t;
            throttled = p;
        }
        return t;
    }

    // ---- from the session (on the peer's event loop) -----------------------------------------------

    @Override
    public void stateChanged(BgpPeer p, SessionState from, SessionState to, String reason) {
        stateSince = Instant.now();
        String why = reason;
        if (bfdReasonForNextChange) {
            bfdReasonForNextChange = false;
            why = BFD_DOWN;
        }
        PeerId who = id;
        for (SessionListener l : listeners) {
            l.stateChanged(who, from, to, why);
        }
    }

    @Override
    public void established(BgpPeer p, Negotiated n) {
        lastNegotiated = n;
        InetSocketAddress local = p.localAddress();
        IpAddress a = local == null ? null : IpAddress.of(local.getAddress());
        if (!removed) {
            rib.peerUp(name, n, a != null && !a.v6() ? a : null, a != null && a.v6() ? a : null, this);
        }
    }

    @Override
    public void down(BgpPeer p, String reason, boolean peerMayRestart) {
        Negotiated n = lastNegotiated;
        Capability.GracefulRestart gr = n == null ? null : n.peerGracefulRestart();
        boolean byBfd = bfdDownPending;
        bfdDownPending = false;
        bfdReasonForNextChange = byBfd;
        downReasonOverride = byBfd ? BFD_DOWN : null;
        Duration restart = peerMayRestart && gr != null && !byBfd ? Duration.ofSeconds(gr.restartTime()) : null;
        if (!removed) {
            rib.peerDown(name, restart);
        }
        throttle(p).sessionDown();
    }

    @Override
    public void received(BgpPeer p, DecodedMessage m) {
        if (m.message() instanceof Update u) { // not a type switch: see ConnectionHandler
            ReadThrottle t = throttle(p);
            t.received();
            rib.receive(name, u, m.packedAttributes(), t.doneTask());
            if (!listeners.isEmpty()) {
                PeerId who = id;
                for (SessionListener l : listeners) {
                    l.updateReceived(who, u);
                }
            }
        } else if (m.message() instanceof RouteRefresh r) {
            rib.routeRefresh(name, r.family());
        }
    }

    @Override
    public void familyDisabled(BgpPeer p, AfiSafi family, String reason) {
        rib.dropFamily(name, family);
    }

    @Override
    public void notificationSent(BgpPeer p, Notification notification) {
        PeerId who = id;
        for (SessionListener l : listeners) {
            l.notificationSent(who, notification);
        }
    }

    @Override
    public void notificationReceived(BgpPeer p, Notification notification) {
        PeerId who = id;
        for (SessionListener l : listeners) {
            l.notificationReceived(who, notification);
        }
    }

    // ---- the session pulls UPDATEs; the RIB asks for export or a reset ------------------------------

    @Override
    public void reset(Negotiated negotiated, InetSocketAddress local) {
    }

    @Override
    public void request(int max, Consumer<List<Update>> sink) {
        rib.take(name, max, sink);
    }

    @Override
    public void exportReady() {
        BgpPeer p = peer;
        if (p != null) {
            p.exportReady();
        }
    }

    @Override
    public void reset(Notification notification, Duration restartAfter) {
        BgpPeer p = peer;
        if (p != null) {
            p.reset(notification, restartAfter);
        }
    }
}

package io.muslin.bgp.speaker;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.PeerControl;
import io.muslin.bgp.rib.Rib;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A peer whose BGP session lives outside this speaker (in ExaBGP, say): whoever runs the session
 * feeds what it hears into the speaker's one RIB, and gets the peer's Adj-RIB-Out back as
 * UPDATEs to send. Best-path selection, the Loc-RIB stream, status and counters treat it like any
 * other peer. Made by {@link Speaker#addExternalPeer}; every method may be called from any thread
 * and returns at once (the work runs on the RIB's thread, in call order).
 *
 * <p>The session's life, as its owner reports it: {@link #connecting}, {@link #up} when it is Established, then
 * {@link #receive}/{@link #announce}/{@link #withdraw}/{@link #endOfRib}, and {@link #down} when it
 * ends. On {@code down} the RIB drops every route of the peer (there is no graceful restart across
 * a session the speaker cannot see).
 */
public final class ExternalPeer implements PeerControl {
    /** UPDATEs asked of the Adj-RIB-Out at a time. */
    private static final int BATCH = 256;

    /** Where the peer's outgoing UPDATEs go; called on the RIB's thread, must not block. */
    @FunctionalInterface
    public interface Export {
        void send(List<Update> updates);
    }

    final String name;
    private final long ownAs;
    private final Rib rib;
    private final Export export;
    private volatile PeerSpec spec;
    private volatile SessionState state = SessionState.IDLE;
    private volatile Instant establishedSince;
    /** When {@link #state} last changed. */
    private volatile Instant stateSince = Instant.now();
    private volatile String lastDownReason = "";
    private volatile List<AfiSafi> families = List.of();
    private volatile boolean removed;
    private final AtomicLong updatesReceived = new AtomicLong();
    private final AtomicLong updatesSent = new AtomicLong();
    /** Bumped on every up and down: an export pass of an older session stops. */
    private final AtomicLong session = new AtomicLong();

    ExternalPeer(PeerSpec spec, long ownAs, Rib rib, Export export) {
        this.ownAs = ownAs;
        this.name = spec.address().toString();
        this.spec = spec;
        this.rib = rib;
        this.export = export;
    }

    public IpAddress address() {
        return spec.address();
    }

    public PeerSpec spec() {
        return spec;
    }

    /** ESTABLISHED between {@link #up} and {@link #down}, else IDLE. */
    public SessionState state() {
        return state;
    }

    void update(PeerSpec next) {
        this.spec = next;
    }

    void markRemoved() {
        removed = true;
    }

    /**
     * The session is Established.
     *
     * @param peerAs       the AS the peer announced
     * @param peerRouterId the peer's BGP identifier (IPv4)
     * @param families     the families negotiated
     * @param localAddress our end of the session: the next hop we give the peer
     */
    public void up(long peerAs, IpAddress peerRouterId, List<AfiSafi> families, IpAddress localAddress) {
        if (removed) {
            return;
        }
        boolean external = peerAs != ownAs;
        Negotiated n = new Negotiated(peerAs, peerRouterId == null || peerRouterId.v6() ? 0 : peerRouterId.v4Int(), 0,
                families, true, false, false, external, null, null);
        session.incrementAndGet();
        this.families = List.copyOf(families);
        this.state = SessionState.ESTABLISHED;
        this.establishedSince = Instant.now();
        this.stateSince = establishedSince;
        rib.peerUp(name, n, localAddress != null && !localAddress.v6() ? localAddress : null,
                localAddress != null && localAddress.v6() ? localAddress : null, this);
    }

    /** A TCP connection is made and the OPENs are under way (shown as Connect until {@link #up}). */
    public void connecting() {
        if (state != SessionState.ESTABLISHED && state != SessionState.CONNECT) {
            state = SessionState.CONNECT;
            stateSince = Instant.now();
        }
    }

    /** The session ended: every route of the peer leaves the RIB. */
    public void down(String reason) {
        session.incrementAndGet();
        this.state = SessionState.IDLE;
        this.establishedSince = null;
        this.stateSince = Instant.now();
        this.families = List.of();
        this.lastDownReason = reason == null ? "" : reason;
        if (!removed) {
            rib.peerDown(name, null);
        }
    }

    /** An UPDATE as the peer sent it. */
    public void receive(Update update) {
        if (removed) {
            return;
        }
        updatesReceived.incrementAndGet();
        rib.receive(name, update, () -> { });
    }

    /**
     * Prefixes of one family announced with these attributes and next hops (the first is the one
     * used; an IPv6 link-local may follow the global one).
     */
    public void announce(List<IpPrefix> prefixes, List<PathAttribute> attributes, List<IpAddress> nextHops) {
        if (prefixes.isEmpty()) {
            return;
        }
        List<PathAttribute> attrs = new ArrayList<>(attributes);
        List<IpPrefix> v4 = prefixes.stream().filter(p -> !p.v6()).toList();
        List<IpPrefix> v6 = prefixes.stream().filter(IpPrefix::v6).toList();
        if (!v4.isEmpty()) {
            List<PathAttribute> a = new ArrayList<>(attrs);
            nextHops.stream().filter(h -> !h.v6()).findFirst().ifPresent(h -> a.add(new PathAttribute.NextHop(h)));
            receive(new Update(List.of(), a, v4));
        }
        if (!v6.isEmpty()) {
            List<PathAttribute> a = new ArrayList<>(attrs);
            a.add(new PathAttribute.MpReach(AfiSafi.IPV6_UNICAST, nextHops.stream().filter(IpAddress::v6).toList(), v6));
            receive(new Update(List.of(), a, List.of()));
        }
    }

    /** Prefixes the peer withdrew (of either family). */
    public void withdraw(List<IpPrefix> prefixes) {
        List<IpPrefix> v4 = prefixes.stream().filter(p -> !p.v6()).toList();
        List<IpPrefix> v6 = prefixes.stream().filter(IpPrefix::v6).toList();
        if (!v4.isEmpty()) {
            receive(new Update(v4, List.of(), List.of()));
        }
        if (!v6.isEmpty()) {
            receive(new Update(List.of(), List.of(new PathAttribute.MpUnreach(AfiSafi.IPV6_UNICAST, v6)), List.of()));
        }
    }

    /** The peer sent its whole table for this family (RFC 4724 End-of-RIB). */
    public void endOfRib(AfiSafi family) {
        receive(Update.endOfRib(family));
    }

    // ---- the RIB asks (on its thread) --------------------------------------------------------------

    @Override
    public void exportReady() {
        long current = session.get();
        drain(current);
    }

    private void drain(long current) {
        Consumer<List<Update>> sink = new Consumer<>() {
            @Override
            public void accept(List<Update> updates) {
                if (updates.isEmpty() || session.get() != current || removed) {
                    return;
                }
                updatesSent.addAndGet(updates.size());
                export.send(updates);
                rib.take(name, BATCH, this);
            }
        };
        rib.take(name, BATCH, sink);
    }

    /** The RIB wants the session reset (maximum prefixes): reported, as the session is not ours to end. */
    @Override
    public void reset(Notification notification, Duration restartAfter) {
        this.lastDownReason = "reset requested: " + notification;
    }

    PeerStatus status(Rib.RibStats stats) {
        Rib.PeerStats counts = stats.peers().getOrDefault(name, Rib.PeerStats.NONE);
        PeerSpec s = spec;
        return new PeerStatus(new PeerId(s.address(), s.description()), s.session().asNumber(), state, establishedSince,
                lastDownReason, 0, families, counts.received(), counts.accepted(), counts.advertised(),
                updatesReceived.get(), updatesSent.get(), updatesReceived.get(), updatesSent.get(), Map.of(), Map.of(),
                PeerStatus.GracefulRestartState.DISABLED, stateSince, null);
    }
}

package io.muslin.bgp.speaker;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.PeerControl;
import io.muslin.bgp.rib.PeerPolicy;
import io.muslin.bgp.rib.Rib;
import io.muslin.bgp.rib.RibConfig;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.bgp.transport.BgpSpeaker;
import io.muslin.bgp.transport.OutboundUpdates;
import io.muslin.bgp.transport.PeerConfig;
import io.muslin.bgp.transport.PeerListener;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.RouteRefresh;
import io.muslin.bgp.wire.Update;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The speaker as a router: the Netty transport's peers wired to one {@link Rib}. Received
 * UPDATEs go to the RIB (reading pauses while the RIB is behind), the RIB's Adj-RIB-Outs feed
 * each peer when its socket is writable, and session ends tell the RIB whether to keep a graceful
 * peer's routes. Peers can be added, re-configured and removed while the others run.
 */
public final class RibSpeaker implements AutoCloseable {
    /** UPDATEs queued for the RIB per peer before reading from that peer pauses, and resumes. */
    private static final int PAUSE_AT = 256;
    private static final int RESUME_AT = 32;

    private final BgpSpeaker transport;
    private final Rib rib;

    public RibSpeaker(RibConfig config, int threads, Executor socketExecutor) {
        this.transport = new BgpSpeaker(threads, socketExecutor);
        this.rib = new Rib(config);
        if (config.restarting()) {
            // When the selection deferral ends (complete snapshot), later OPENs stop claiming a restart.
            rib.subscribe(new io.muslin.bgp.rib.LocRibListener() {
                @Override
                public void snapshot(List<io.muslin.bgp.rib.RouteChange> routes, boolean complete) {
                    if (complete) {
                        transport.peers().forEach(BgpPeer::restartComplete);
                    }
                }

                @Override
                public void changes(List<io.muslin.bgp.rib.RouteChange> changes) {
                }
            });
        }
    }

    public Rib rib() {
        return rib;
    }

    public BgpSpeaker transport() {
        return transport;
    }

    public InetSocketAddress listen(InetAddress address, int port) throws InterruptedException {
        return transport.listen(address, port);
    }

    /** Adds a peer to the RIB and starts its session; {@code events} sees its state changes and messages too. */
    public BgpPeer addPeer(PeerConfig config, PeerPolicy policy, PeerListener events) {
        Binding b = new Binding(IpPrefix.formatAddress(config.address()), events);
        rib.addPeer(b.name, config.address(), config.session().peerAs(), policy);
        BgpPeer peer = transport.addPeer(config, b, b);
        b.peer = peer;
        return peer;
    }

    public void removePeer(InetAddress address) {
        transport.removePeer(address);
        rib.removePeer(IpPrefix.formatAddress(address));
    }

    /** A new policy for one peer, applied without resetting its session. */
    public void setPolicy(InetAddress address, PeerPolicy policy) {
        rib.setPolicy(IpPrefix.formatAddress(address), policy);
    }

    public BgpPeer peer(InetAddress address) {
        return transport.peer(address);
    }

    public List<BgpPeer> peers() {
        return List.copyOf(transport.peers());
    }

    @Override
    public void close() {
        transport.close();
        rib.close();
    }

    /** One peer's connection to the RIB: its listener, its outbound source and the RIB's handle on it. */
    private final class Binding implements PeerListener, OutboundUpdates, PeerControl {
        final String name;
        final PeerListener events;
        final AtomicInteger queued = new AtomicInteger();
        volatile BgpPeer peer;
        volatile boolean paused;
        volatile Negotiated lastNegotiated;

        Binding(String name, PeerListener events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public void stateChanged(BgpPeer p, SessionState from, SessionState to, String reason) {
            events.stateChanged(p, from, to, reason);
        }

        @Override
        public void established(BgpPeer p, Negotiated n) {
            lastNegotiated = n;
            InetSocketAddress local = p.localAddress();
            InetAddress a = local == null ? null : local.getAddress();
            rib.peerUp(name, n, a instanceof Inet4Address ? a : null, a instanceof Inet6Address ? a : null, this);
            events.established(p, n);
        }

        @Override
        public void down(BgpPeer p, String reason, boolean peerMayRestart) {
            Negotiated n = lastNegotiated;
            Capability.GracefulRestart gr = n == null ? null : n.peerGracefulRestart();
            Duration restart = peerMayRestart && gr != null ? Duration.ofSeconds(gr.restartTime()) : null;
            rib.peerDown(name, restart);
            if (paused) {
                paused = false;
                p.resumeReading();
            }
            events.down(p, reason, peerMayRestart);
        }

        @Override
        public void received(BgpPeer p, DecodedMessage m) {
            switch (m.message()) {
                case Update u -> {
                    if (queued.incrementAndGet() > PAUSE_AT && !paused) {
                        paused = true;
                        p.pauseReading();
                    }
                    rib.receive(name, u, () -> {
                        if (queued.decrementAndGet() < RESUME_AT && paused) {
                            paused = false;
                            p.resumeReading();
                        }
                    });
                }
                case RouteRefresh r -> rib.routeRefresh(name, r.family());
                default -> { }
            }
            events.received(p, m);
        }

        @Override
        public void familyDisabled(BgpPeer p, AfiSafi family, String reason) {
            rib.dropFamily(name, family);
            events.familyDisabled(p, family, reason);
        }

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
}

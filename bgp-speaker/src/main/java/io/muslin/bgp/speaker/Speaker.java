package io.muslin.bgp.speaker;

import io.muslin.bgp.bfd.BfdEndpoint;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.fsm.SessionSettings;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.Rib;
import io.muslin.bgp.rib.RibConfig;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.bgp.transport.BgpSpeaker;
import io.muslin.bgp.transport.PeerConfig;
import io.muslin.bgp.transport.Transport;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP speaker as one object that takes desired state: the Netty transport's sessions wired to
 * one RIB. {@link #apply} reconciles it with a {@link DesiredState} while it runs — peers added,
 * replaced, re-policied or removed one by one, originated prefixes following the list, routing
 * settings (pools, cluster id, next hops) changed in place — and every session it need not touch
 * carries on. {@link #status} reads counters without waiting; {@link #subscribe} streams the
 * Loc-RIB; {@link #addSessionListener} streams session events.
 *
 * <pre>{@code
 * Speaker speaker = new Speaker(desired);
 * speaker.addSessionListener(events);
 * speaker.subscribe(routeProgrammer);
 * speaker.start();
 * ApplyResult r = speaker.apply(desired.withPeers(newPeers));   // later, as often as needed
 * }</pre>
 */
public final class Speaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Speaker.class);

    private final SpeakerSettings settings;
    private final int routerId;
    private final BgpSpeaker transport;
    private final Rib rib;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<IpAddress, PeerBinding> bindings = new ConcurrentHashMap<>();
    /** Peers whose sessions run elsewhere ({@link ExternalPeer}), ordered by address. */
    private final Map<IpAddress, ExternalPeer> externals = new ConcurrentSkipListMap<>(Comparator.comparing(IpAddress::toString));
    private final DesiredState initial;
    /** What is in force; guarded by this. */
    private DesiredState desired;
    private volatile List<IpAddress> order = List.of();
    /** This speaker's own graceful restart is over: peers added from now on do not set the R bit. */
    private volatile boolean restartOver;
    private volatile InetSocketAddress listening;
    private boolean started;
    private final Executor socketExecutor;
    /** Made with the first peer that has BFD; guarded by this. */
    private volatile BfdEndpoint bfd;

    /** A speaker whose peers are spread over as many event loops as there are processors. */
    public Speaker(DesiredState initial) {
        this(initial, Math.max(1, Runtime.getRuntime().availableProcessors()), Runnable::run);
    }

    /**
     * @param threads        event loop threads for the sessions
     * @param socketExecutor where sockets are made: {@code Runnable::run}, or a thread inside a
     *                       network namespace (a socket lives in the namespace it was made in)
     */
    public Speaker(DesiredState initial, int threads, Executor socketExecutor) {
        this.settings = initial.speaker();
        this.routerId = settings.routerId().v4Int();
        this.initial = initial;
        SpeakerSettings.GracefulRestart gr = settings.gracefulRestart();
        this.rib = new Rib(new RibConfig(settings.asNumber(), routerId, gr.restarting(), gr.selectionDeferral(),
                initial.routing()));
        this.transport = new BgpSpeaker(threads, socketExecutor);
        this.socketExecutor = socketExecutor;
        this.desired = DesiredState.of(settings).withRouting(initial.routing());
        if (gr.restarting()) {
            // When the selection deferral ends (complete snapshot), later OPENs stop claiming a restart.
            rib.subscribe(new LocRibListener() {
                @Override
                public void snapshot(List<RouteChange> routes, boolean complete) {
                    if (complete && !restartOver) {
                        restartOver = true;
                        transport.peers().forEach(BgpPeer::restartComplete);
                    }
                }

                @Override
                public void changes(List<RouteChange> changes) {
                }
            });
        } else {
            restartOver = true;
        }
    }

    /** Session events go to {@code l} too (add listeners before {@link #start} to miss none). */
    public void addSessionListener(SessionListener l) {
        listeners.add(l);
    }

    /**
     * A consumer of the Loc-RIB: it gets a snapshot (incomplete while this speaker restarts
     * gracefully), then every change in order, on the RIB's thread.
     */
    public void subscribe(LocRibListener l) {
        rib.subscribe(l);
    }

    /**
     * Listens (when the settings say where) and applies the initial desired state.
     *
     * @return where it listens, or null when it does not
     * @throws IllegalStateException when it cannot listen (the address is taken, ...)
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (started) {
            throw new IllegalStateException("the speaker is already started");
        }
        started = true;
        // Peers first: a peer that connects the moment the socket listens must find itself
        // configured, not be closed as unknown and wait out its connect-retry timer.
        reconcile(initial);
        if (settings.listenAddress() != null) {
            listening = transport.listen(settings.listenAddress(), settings.listenPort());
        }
        return listening;
    }

    /**
     * Makes the running speaker what {@code next} says. Peers that are gone get Cease 6/3 and are
     * removed; new ones are added; ones whose session settings changed are replaced (their session
     * resets); ones whose policy alone changed get it without a reset (import runs again over the
     * kept Adj-RIB-In); a changed description is only a label; originated prefixes follow the list;
     * changed routing settings are applied in place (mesh-peer import and export re-run). Every
     * other session is untouched.
     *
     * @return what was done, for logs
     * @throws SettingException when {@code next} changes what needs a restart (the AS, the router
     *                          id, the listen address) or a peer needs what this machine lacks;
     *                          nothing has been changed then
     */
    public synchronized ApplyResult apply(DesiredState next) {
        if (!started) {
            throw new IllegalStateException("start() the speaker before applying a new desired state");
        }
        return reconcile(next);
    }

    private ApplyResult reconcile(DesiredState next) {
        ApplyResult plan = Reconciler.plan(desired, next);
        Map<IpAddress, PeerSpec> specs = new HashMap<>();
        for (int i = 0; i < next.peers().size(); i++) {
            PeerSpec p = next.peers().get(i);
            specs.put(p.address(), p);
            if (plan.added().contains(p.address()) || plan.replaced().contains(p.address())
                    || plan.bfdChanged().contains(p.address())) {
                checkSupported(p, i);
            }
        }
        if (plan.routingChanged()) {
            rib.setRouting(next.routing());
        }
        for (IpAddress a : plan.removed()) {
            removePeer(a);
        }
        for (IpAddress a : plan.replaced()) {
            removePeer(a);
            addPeer(specs.get(a));
        }
        for (IpAddress a : plan.policyChanged()) {
            PeerBinding b = bindings.get(a);
            b.update(specs.get(a));
            rib.setPolicy(b.name, specs.get(a).policy());
        }
        for (IpAddress a : plan.relabelled()) {
            bindings.get(a).update(specs.get(a));
        }
        for (IpAddress a : plan.bfdChanged()) {
            PeerBinding b = bindings.get(a);
            PeerSpec was = b.spec();
            b.update(specs.get(a));
            changeBfd(b, was, specs.get(a));
        }
        for (IpAddress a : plan.added()) {
            addPeer(specs.get(a));
        }
        for (IpPrefix p : plan.withdrawn()) {
            rib.withdrawOriginated(p);
        }
        Map<IpPrefix, OriginatedRoute> routes = new HashMap<>();
        next.originated().forEach(r -> routes.put(r.prefix(), r));
        for (IpPrefix p : plan.originated()) {
            rib.originate(p, routes.get(p).attributes());
        }
        desired = next;
        order = next.peers().stream().map(PeerSpec::address).toList();
        if (log.isDebugEnabled()) {
            plan.describe().forEach(line -> log.debug("apply: {}", line));
        }
        return plan;
    }

    /** TCP MD5, GTSM and BFD need the epoll transport: refused before anything changes. */
    private void checkSupported(PeerSpec p, int index) {
        if (p.bfd() != null && BfdEndpoint.unavailableReason() != null) {
            throw new SettingException("peers[" + index + "].bfd", BfdEndpoint.unavailableReason());
        }
        if (!transport.transport().isEpoll()) {
            String field = p.session().password() != null ? "password" : p.session().ttlSecurity() > 0 ? "ttlSecurity" : null;
            if (field != null) {
                throw new SettingException("peers[" + index + "].session." + field, "needs Netty's epoll transport, "
                        + "which is unavailable here: " + Transport.epollUnavailableReason());
            }
        }
    }

    private void addPeer(PeerSpec spec) {
        PeerBinding b = new PeerBinding(spec, rib, listeners);
        rib.addPeer(b.name, spec.address(), spec.session().asNumber(), spec.policy());
        bindings.put(spec.address(), b);
        b.attach(transport.addPeer(peerConfig(spec), b, b));
        if (spec.bfd() != null) {
            startBfd(b, spec);
        }
    }

    private void startBfd(PeerBinding b, PeerSpec spec) {
        BfdEndpoint e = bfd;
        if (e == null) {
            e = new BfdEndpoint(socketExecutor);
            bfd = e;
        }
        BfdEndpoint endpoint = e;
        endpoint.add(spec.address(), spec.session().localAddress(), spec.bfd(),
                (peer, from, to, diag, byRemoteAdminDown) -> b.bfdStateChanged(from, to, diag, byRemoteAdminDown,
                        endpoint.status(peer).map(BfdStatus::remoteControlIndependent).orElse(false)));
    }

    private void changeBfd(PeerBinding b, PeerSpec was, PeerSpec next) {
        if (next.bfd() == null) {
            bfd.remove(next.address());
        } else if (was.bfd() == null) {
            startBfd(b, next);
        } else if (was.bfd().multihop() != next.bfd().multihop()) {
            bfd.remove(next.address());
            startBfd(b, next);
        } else {
            bfd.update(next.address(), next.bfd());
        }
    }

    private void removePeer(IpAddress address) {
        PeerBinding b = bindings.remove(address);
        if (b == null) {
            return;
        }
        b.markRemoved();
        if (b.spec().bfd() != null && bfd != null) {
            bfd.remove(address);
        }
        transport.removePeer(address);
        rib.removePeer(b.name);
    }

    private PeerConfig peerConfig(PeerSpec spec) {
        SessionSpec s = spec.session();
        SpeakerSettings.GracefulRestart gr = settings.gracefulRestart();
        boolean restarting = gr.restarting() && !restartOver;
        SessionSettings fsm = SessionSettings.of(settings.asNumber(), routerId, s.asNumber())
                .withPassive(s.passive())
                .withHoldTime(s.holdTime())
                .withConnectRetry(s.connectRetry())
                .withFamilies(s.families())
                .withGracefulRestart(s.gracefulRestartTime(), restarting, gr.restarting() && gr.forwardingPreserved());
        return new PeerConfig(spec.address(), s.port(), s.localAddress(), s.password(), s.ttlSecurity(), fsm);
    }

    /**
     * Adds a peer whose session runs outside this speaker (e.g. in ExaBGP): its routes go into this
     * speaker's RIB, its Adj-RIB-Out goes to {@code export}. It shows in {@link #status} after the
     * configured peers. Its session settings are only labels here (the outside session uses them).
     *
     * @throws SettingException when the address is already a configured or external peer
     */
    public ExternalPeer addExternalPeer(PeerSpec spec, ExternalPeer.Export export) {
        synchronized (this) {
            if (bindings.containsKey(spec.address()) || externals.containsKey(spec.address())) {
                throw new SettingException("address", spec.address() + " is already a peer of this speaker");
            }
            ExternalPeer p = new ExternalPeer(spec, settings.asNumber(), rib, export);
            rib.addPeer(p.name, spec.address(), spec.session().asNumber(), spec.policy());
            externals.put(spec.address(), p);
            return p;
        }
    }

    /** Removes an external peer and its routes; nothing happens when there is none at that address. */
    public void removeExternalPeer(IpAddress address) {
        ExternalPeer p = externals.remove(address);
        if (p != null) {
            p.markRemoved();
            rib.removePeer(p.name);
        }
    }

    /** The speaker and every peer now; never waits for the RIB or a session. */
    public SpeakerStatus status() {
        Rib.RibStats stats = rib.stats();
        List<PeerStatus> peers = new ArrayList<>();
        for (IpAddress a : order) {
            PeerBinding b = bindings.get(a);
            if (b != null) {
                peers.add(b.status(stats, bfdStatus(a)));
            }
        }
        for (ExternalPeer e : externals.values()) {
            peers.add(e.status(stats));
        }
        return new SpeakerStatus(settings.asNumber(), settings.routerId(), stats.locRibRoutes(), stats.selectionDeferred(),
                peers);
    }

    /** One peer now, or empty when no such peer is configured. */
    public Optional<PeerStatus> peerStatus(IpAddress address) {
        PeerBinding b = bindings.get(address);
        if (b == null) {
            ExternalPeer e = externals.get(address);
            return e == null ? Optional.empty() : Optional.of(e.status(rib.stats()));
        }
        return Optional.of(b.status(rib.stats(), bfdStatus(address)));
    }

    private BfdStatus bfdStatus(IpAddress peer) {
        BfdEndpoint e = bfd;
        return e == null ? null : e.status(peer).orElse(null);
    }

    /** The desired state in force (after the last {@link #apply}). */
    public synchronized DesiredState desired() {
        return started ? desired : initial;
    }

    /** Where it listens, or null. */
    public InetSocketAddress listening() {
        return listening;
    }

    /** The session of one peer, for diagnostics (negotiated capabilities, route refresh), or null. */
    public BgpPeer peer(IpAddress address) {
        PeerBinding b = bindings.get(address);
        return b == null ? null : b.peer();
    }

    /** The RIB, for queries run on its thread ({@link Rib#query}) by diagnostics and tests. */
    public Rib rib() {
        return rib;
    }

    /** Stops for good ({@link StopMode#FOR_GOOD}): every peer drops our routes at once. */
    @Override
    public void close() {
        close(StopMode.FOR_GOOD);
    }

    /**
     * Stops every session, the listener and the RIB.
     *
     * @param mode {@link StopMode#RESTART} when this speaker comes back soon (an agent restart or
     *             upgrade): peers that negotiated graceful restart keep our routes, stale, for our
     *             restart time; {@link StopMode#FOR_GOOD} when it does not: they drop them now
     */
    public void close(StopMode mode) {
        log.info("stopping ({})", mode == StopMode.RESTART ? "for a restart: peers with graceful restart keep our routes"
                : "for good: peers drop our routes");
        transport.close(mode == StopMode.FOR_GOOD);
        BfdEndpoint e = bfd;
        if (e != null) {
            e.close();
        }
        rib.close();
    }
}

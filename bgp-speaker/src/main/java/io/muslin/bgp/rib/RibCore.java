package io.muslin.bgp.rib;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RIB, single-threaded and without I/O: Adj-RIB-In per peer (before import policy), the
 * Loc-RIB with best-path selection, Adj-RIB-Out per established peer, graceful restart in both
 * roles, max-prefix, routing settings that change at runtime, and the stream of Loc-RIB
 * changes. {@link Rib} runs it on one thread; tests call it directly. Every public method ends
 * with the batch's changes delivered.
 */
public final class RibCore {
    private static final Logger log = LoggerFactory.getLogger(RibCore.class);

    private final RibConfig config;
    private final AttrSets interner = new AttrSets();
    private RoutingSettings routing;
    private final ExportRules exportRules;
    private final LocRib loc;
    private final ImportPolicy imports;
    private final StaleRoutes stale;
    private final Map<String, RibPeer> peers = new LinkedHashMap<>();
    private final Map<RibPeer, RibSession> sessions = new HashMap<>();
    /** {@link #sessions}' values as an array, for the loops that run per route (no iterator each time). */
    private RibSession[] sessionList = new RibSession[0];
    /** Some session is with an internal peer: only then does route reflection matter to export. */
    private boolean internalSession;
    private final RibPeer local;
    private final LocRibListeners listeners = new LocRibListeners();
    private boolean deferring;
    /**
     * Selection is over but a peer that set the R bit has not sent End-of-RIB yet: consumers have
     * the Loc-RIB marked incomplete, so a FIB keeps what it had (FRR sets the R bit for its first
     * restart time after its own start, on every session, with its routes still to come).
     */
    private boolean fibIncomplete;
    private int nextIndex = 1;

    public RibCore(RibConfig config) {
        this.config = config;
        this.routing = config.routing();
        this.loc = new LocRib(new BestPath(routing.alwaysCompareMed(), config.routerId()), () -> !deferring);
        this.imports = new ImportPolicy(config, loc, interner);
        this.stale = new StaleRoutes(loc);
        this.exportRules = new ExportRules(config.localAs(), config.routerId(), routing, interner);
        this.local = new RibPeer(0, "local", null, RibPeer.Kind.LOCAL, config.localAs(), PeerPolicy.DEFAULT);
        this.deferring = config.restarting();
    }

    public RibConfig config() {
        return config;
    }

    /** The routing settings in force. */
    public RoutingSettings routing() {
        return routing;
    }

    /**
     * New routing settings, applied without resetting a session: a change of pools re-runs import
     * for mesh peers, a change of cluster id re-runs the loop checks for every peer and export to
     * every session, new next hops re-run export, and always-compare-MED re-runs selection.
     */
    public void setRouting(RoutingSettings next) {
        RoutingSettings before = routing;
        if (before.equals(next)) {
            return;
        }
        routing = next;
        exportRules.routing(next);
        imports.routing(next);
        if (before.alwaysCompareMed() != next.alwaysCompareMed()) {
            loc.reselectAll(new BestPath(next.alwaysCompareMed(), config.routerId()));
        }
        boolean pools = !before.ipPools().equals(next.ipPools());
        boolean cluster = before.effectiveClusterId(config.routerId()) != next.effectiveClusterId(config.routerId());
        for (RibPeer p : peers.values()) {
            if (cluster || (pools && p.policy.meshPeer())) {
                imports.reimport(p, p.policy);
            }
        }
        boolean hops = !Objects.equals(before.nextHopIPv4(), next.nextHopIPv4())
                || !Objects.equals(before.nextHopIPv6(), next.nextHopIPv6());
        if ((cluster || hops) && !deferring) {
            boolean reflector = reflectorEnabled();
            for (RibSession s : sessions.values()) {
                loc.forEach((x, v) -> exportTo(s, x, v, reflector));
                s.control.exportReady();
            }
        }
        flush();
    }

    // ---- peers -------------------------------------------------------------------------------

    public RibPeer addPeer(String name, IpAddress address, long asNumber, PeerPolicy policy) {
        if (peers.containsKey(name)) {
            throw new IllegalArgumentException("peer " + name + " is already in the RIB");
        }
        RibPeer.Kind kind = asNumber == config.localAs() ? RibPeer.Kind.INTERNAL : RibPeer.Kind.EXTERNAL;
        RibPeer p = new RibPeer(nextIndex++, name, address, kind, asNumber, policy);
        p.compactAdjIn = imports.isIdentity(policy);
        peers.put(name, p);
        return p;
    }

    public RibPeer peer(String name) {
        return peers.get(name);
    }

    public List<RibPeer> peers() {
        return List.copyOf(peers.values());
    }

    /** Forgets a peer and everything it sent. */
    public void removePeer(RibPeer p) {
        imports.forget(p);
        sessions.remove(p);
        sessionsChanged();
        peers.remove(p.name());
        flush();
    }

    /** A new policy: re-run import over the peer's Adj-RIB-In and export to it, no session reset. */
    public void setPolicy(RibPeer p, PeerPolicy policy) {
        imports.reimport(p, policy);
        RibSession s = sessions.get(p);
        if (s != null && !deferring) {
            boolean reflector = reflectorEnabled();
            loc.forEach((x, v) -> exportTo(s, x, v, reflector));
            s.control.exportReady();
        }
        flush();
    }

    public void peerUp(RibPeer p, Negotiated n, IpAddress localV4, IpAddress localV6, PeerControl control) {
        Capability.GracefulRestart gr = n.peerGracefulRestart();
        if (p.isRestarting()) {
            stale.dropNotPreserved(p, gr);
        }
        RibPeer.Kind kind = n.external() ? RibPeer.Kind.EXTERNAL : RibPeer.Kind.INTERNAL;
        p.sessionUp(n.peerAs(), n.peerBgpId(), kind, n.families());
        AdjRibOut out = new AdjRibOut(n.families(), n.codecContext().maxMessageLength());
        RibSession s = new RibSession(p, new ExportRules.Target(p, localV4, localV6), out, control,
                gr, n.families(), deferring || fibIncomplete);
        sessions.put(p, s);
        sessionsChanged();
        p.out = out;
        if (deferring && RibSession.allEndOfRibsIn(peers.values(), sessions)) {
            log.info("every peer that will send End-of-RIB sent it: selection deferral over");
            endDeferral();
        } else if (!deferring) {
            dumpTo(s);
        }
        flush();
    }

    /**
     * The session ended. {@code graceful}: the peer is restarting (RFC 4724) — its routes stay,
     * marked stale, until it sends them again and End-of-RIB, or {@link #staleExpired} is called.
     */
    public void peerDown(RibPeer p, boolean graceful) {
        sessions.remove(p);
        sessionsChanged();
        p.out = null;
        if (fibIncomplete && RibSession.allFibEndOfRibsIn(sessions.values())) {
            // The last peer the FIB waited for is gone: nothing more is coming.
            completeFib();
        }
        if (graceful) {
            stale.keep(p);
            p.maxPrefixWarned = false;
            flush();
            if (!listeners.isEmpty() && !deferring) {
                List<RouteChange> batch = stale.nowStale(p);
                listeners.changes(batch);
            }
            return;
        }
        imports.forget(p);
        p.maxPrefixWarned = false;
        flush();
    }

    /** The restart time (or the stale-routes time) ran out: drop what is still stale. */
    public void staleExpired(RibPeer p) {
        if (p.isRestarting()) {
            stale.sweep(p, null);
        }
        flush();
    }

    // ---- routes from peers ---------------------------------------------------------------------

    /** An UPDATE from an established peer (already repaired per RFC 7606 by the decoder). */
    public void receive(RibPeer p, Update u) {
        ReceivedUpdate r = ReceivedUpdate.of(u, p.lastNextHops);
        receive(p, r);
        flush();
    }

    /**
     * An UPDATE worked out beforehand ({@link ReceivedUpdate#of}, off the RIB's thread). Its
     * changes are noted and not yet delivered: {@link Rib} calls {@link #flush} when its queue
     * runs dry or enough changes wait, so a burst of small UPDATEs reaches consumers and
     * Adj-RIB-Outs in batches of thousands of routes rather than one batch per UPDATE.
     */
    void receive(RibPeer p, ReceivedUpdate u) {
        if (u.endOfRib() != null) {
            endOfRib(p, u.endOfRib());
            return;
        }
        List<IpPrefix> withdrawn = u.withdrawn();
        for (int i = 0; i < withdrawn.size(); i++) {
            IpPrefix x = withdrawn.get(i);
            if (!p.adjIn.isEmpty()) {
                p.adjIn.remove(x);
            }
            if (p.staleAdjIn != null) {
                p.staleAdjIn.remove(x);
            }
            loc.removePath(p, x);
        }
        List<IpPrefix> announced = u.announced();
        if (!announced.isEmpty()) {
            p.lastNextHops = u.nextHopsOr(p.lastNextHops);
            AttrSet pre = u.decoded();
            String loop = imports.loop(pre);
            if (p.compactAdjIn) {
                // Kept in the wire encoding: a few dozen octets per set. (Not while import filters run
                // over every route: they read the attributes decoded.)
                pre = u.packed();
            }
            // Interned through the peer's own paths: a set it sent before (or still uses) is that object.
            Path known = p.paths.get(pre);
            if (known != null) {
                pre = known.attrs;
            }
            if (loop != null && log.isDebugEnabled()) {
                log.debug("peer {}: {} prefixes dropped: {}", p.name(), announced.size(), loop);
            }
            // The path every prefix gets when import is the identity: looked up once per UPDATE.
            Path path = loop != null || !p.compactAdjIn ? null : known != null ? known : p.path(pre);
            for (int i = 0; i < announced.size(); i++) {
                imports.accept(p, announced.get(i), pre, loop, path);
            }
            MaxPrefixLimit.check(p, sessions);
        }
    }

    public void endOfRib(RibPeer p, AfiSafi family) {
        if (p.staleFamilies.contains(family)) {
            stale.sweep(p, family);
        }
        RibSession s = sessions.get(p);
        if (s != null) {
            s.endOfRib(family);
        }
        if (deferring && RibSession.allEndOfRibsIn(peers.values(), sessions)) {
            log.info("every peer sent End-of-RIB: selection deferral over");
            endDeferral();
        } else if (fibIncomplete && RibSession.allFibEndOfRibsIn(sessions.values())) {
            log.info("every peer that set the R bit sent End-of-RIB: the Loc-RIB is complete");
            completeFib();
        }
        flush();
    }

    /** The selection deferral timer ran out (RFC 4724 §4.1); it also bounds the wait for the FIB. */
    public void deferralExpired() {
        if (deferring) {
            log.info("selection deferral timer ran out");
            endDeferral();
        }
        if (fibIncomplete) {
            log.info("selection deferral timer ran out: the Loc-RIB is taken as complete");
            completeFib();
        }
        flush();
    }

    private void completeFib() {
        fibIncomplete = false;
        List<RouteChange> all = snapshot();
        listeners.snapshot(all, true);
    }

    private void endDeferral() {
        deferring = false;
        loc.forgetChanges();
        fibIncomplete = !RibSession.allFibEndOfRibsIn(sessions.values());
        List<RouteChange> all = snapshot();
        listeners.snapshot(all, !fibIncomplete);
        for (RibSession s : sessions.values()) {
            dumpTo(s);
        }
    }

    public boolean isDeferring() {
        return deferring;
    }

    /** RFC 7606 AFI/SAFI disable: forget the family's routes from the peer. */
    public void dropFamily(RibPeer p, AfiSafi family) {
        imports.forget(p, family);
        flush();
    }

    /** The peer asked for our routes again (ROUTE-REFRESH, RFC 2918). */
    public void routeRefresh(RibPeer p, AfiSafi family) {
        RibSession s = sessions.get(p);
        if (s != null) {
            s.out.resend(family);
            s.control.exportReady();
        }
    }

    // ---- routes of our own -----------------------------------------------------------------------

    /** Originates a prefix (ORIGIN IGP, empty AS_PATH, plus {@code extra} attributes such as communities). */
    public void originate(IpPrefix x, List<PathAttribute> extra) {
        List<PathAttribute> attrs = new ArrayList<>(extra);
        attrs.add(PathAttribute.Origin.IGP);
        attrs.add(PathAttribute.AsPath.EMPTY);
        loc.setPath(x, local.path(interner.intern(AttrSet.of(attrs, List.of()))));
        flush();
    }

    public void withdrawOriginated(IpPrefix x) {
        loc.removePath(local, x);
        flush();
    }

    // ---- the Loc-RIB's changes to consumers and peers ------------------------------------------

    /** Changes noted and not yet delivered by {@link #flush}. */
    int pendingChanges() {
        return loc.changeCount();
    }

    /** Hands this batch's changes to the listeners and the Adj-RIB-Outs. */
    void flush() {
        if (!loc.hasChanges()) {
            return;
        }
        RibSession[] all = sessionList;
        boolean reflector = internalSession && reflectorEnabled();
        List<RouteChange> out = listeners.isEmpty() ? null : new ArrayList<>(loc.changeCount());
        for (RibSession s : all) {
            s.touched = false;
        }
        int n = loc.changeCount();
        for (int i = 0; i < n; i++) {
            IpPrefix x = loc.changedPrefix(i);
            Object v = loc.changedValue(i);
            if (out != null) {
                out.add(new RouteChange(x, loc.routeOf(v)));
            }
            for (RibSession s : all) {
                if (exportTo(s, x, v, reflector)) {
                    s.touched = true;
                }
            }
        }
        loc.forgetChanges();
        if (out != null) {
            List<RouteChange> batch = Collections.unmodifiableList(out);
            listeners.changes(batch);
        }
        for (RibSession s : all) {
            if (s.touched) {
                s.control.exportReady();
            }
        }
    }

    private boolean exportTo(RibSession s, IpPrefix x, Object v, boolean reflector) {
        if (s.out.isEmpty() && (v == null || onlyOwnRoutesTo(s.peer) && LocRib.bestOf(v).peer.kind() != RibPeer.Kind.LOCAL)) {
            return false; // nothing to withdraw, nothing to announce: what export would conclude, without the work
        }
        if (!s.out.carries(x)) {
            return false;
        }
        AttrSet attrs = v == null ? null : exportRules.export(s.target, x, LocRib.bestOf(v), reflector);
        return s.out.change(x, attrs);
    }

    private void sessionsChanged() {
        sessionList = sessions.values().toArray(new RibSession[0]);
        internalSession = false;
        for (RibSession s : sessionList) {
            internalSession |= s.peer.kind() != RibPeer.Kind.EXTERNAL;
        }
    }

    /**
     * The peer gets none of the routes learned from others whatever the route: an external peer
     * with no export filters and no {@code exportLearned} ({@link ExportRules}: learned routes
     * pass only through a filter, {@code exportLearned} or reflection between internal peers).
     */
    private static boolean onlyOwnRoutesTo(RibPeer target) {
        return target.kind() == RibPeer.Kind.EXTERNAL && !target.policy().exportLearned()
                && target.policy().exportFilters().isEmpty();
    }

    private boolean reflectorEnabled() {
        for (RibPeer p : peers.values()) {
            if (p.policy.routeReflectorClient()) {
                return true;
            }
        }
        return false;
    }

    private void dumpTo(RibSession s) {
        boolean reflector = reflectorEnabled();
        loc.forEach((x, v) -> exportTo(s, x, v, reflector));
        s.out.initialDumpQueued();
        s.control.exportReady();
    }

    /** Up to {@code max} UPDATEs for an established peer (empty when nothing is pending). */
    public List<Update> take(RibPeer p, int max) {
        RibSession s = sessions.get(p);
        return s == null ? List.of() : s.out.take(max);
    }

    // ---- consumers ------------------------------------------------------------------------------

    /** Adds a consumer: it gets the snapshot now (marked incomplete while deferring), then changes. */
    public void subscribe(LocRibListener l) {
        listeners.add(l);
        l.snapshot(deferring ? List.of() : snapshot(), !deferring && !fibIncomplete);
    }

    public List<RouteChange> snapshot() {
        return loc.snapshot();
    }

    public int locRibSize() {
        return loc.size();
    }

    public Selection selection(IpPrefix x) {
        return LocRib.selectionOf(loc.get(x));
    }

    /** The peer's Adj-RIB-In: every prefix it announced (stale ones included) with the attributes as received. */
    public Map<IpPrefix, AttrSet> adjRibIn(String peerName) {
        RibPeer p = peers.get(peerName);
        return p == null ? Map.of() : imports.received(p);
    }

    /** The peer's routes in the Loc-RIB (accepted by import policy), best or not: prefix → attributes. */
    public Map<IpPrefix, AttrSet> acceptedFrom(String peerName) {
        RibPeer p = peers.get(peerName);
        return p == null ? Map.of() : loc.pathsOf(p);
    }

}

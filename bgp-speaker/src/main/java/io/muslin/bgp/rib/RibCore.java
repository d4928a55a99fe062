package io.muslin.bgp.rib;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    private BestPath bestPath;
    private final ExportRules exportRules;
    private final PrefixTable<Object> loc = new PrefixTable<>();
    private final Map<String, RibPeer> peers = new LinkedHashMap<>();
    private final Map<RibPeer, Session> sessions = new HashMap<>();
    private final RibPeer local;
    private final List<LocRibListener> listeners = new ArrayList<>();
    private final List<IpPrefix> changedPrefixes = new ArrayList<>();
    private final List<Object> changedValues = new ArrayList<>();
    private boolean deferring;
    private int nextIndex = 1;

    /** An established peer: its Adj-RIB-Out and how to reach its session. Identity equality. */
    private static final class Session {
        final RibPeer peer;
        final ExportRules.Target target;
        final AdjRibOut out;
        final PeerControl control;
        final Set<AfiSafi> endOfRibPending;
        /** Something was queued for it in the current flush. */
        boolean touched;

        Session(RibPeer peer, ExportRules.Target target, AdjRibOut out, PeerControl control, Set<AfiSafi> endOfRibPending) {
            this.peer = peer;
            this.target = target;
            this.out = out;
            this.control = control;
            this.endOfRibPending = endOfRibPending;
        }
    }

    public RibCore(RibConfig config) {
        this.config = config;
        this.routing = config.routing();
        this.bestPath = new BestPath(routing.alwaysCompareMed(), config.routerId());
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
        if (before.alwaysCompareMed() != next.alwaysCompareMed()) {
            bestPath = new BestPath(next.alwaysCompareMed(), config.routerId());
            List<IpPrefix> shared = new ArrayList<>();
            loc.forEach((x, v) -> {
                if (v instanceof Destination) {
                    shared.add(x);
                }
            });
            for (IpPrefix x : shared) {
                reselect(x, (Destination) loc.get(x), local);
            }
        }
        boolean pools = !before.ipPools().equals(next.ipPools());
        boolean cluster = before.effectiveClusterId(config.routerId()) != next.effectiveClusterId(config.routerId());
        for (RibPeer p : peers.values()) {
            if (cluster || (pools && p.policy.meshPeer())) {
                reimport(p, p.policy);
            }
        }
        boolean hops = !Objects.equals(before.nextHopIPv4(), next.nextHopIPv4())
                || !Objects.equals(before.nextHopIPv6(), next.nextHopIPv6());
        if ((cluster || hops) && !deferring) {
            boolean reflector = reflectorEnabled();
            for (Session s : sessions.values()) {
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
        p.compactAdjIn = importIsIdentity(policy);
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
        dropAll(p);
        sessions.remove(p);
        peers.remove(p.name());
        flush();
    }

    /** A new policy: re-run import over the peer's Adj-RIB-In and export to it, no session reset. */
    public void setPolicy(RibPeer p, PeerPolicy policy) {
        reimport(p, policy);
        Session s = sessions.get(p);
        if (s != null && !deferring) {
            boolean reflector = reflectorEnabled();
            loc.forEach((x, v) -> exportTo(s, x, v, reflector));
            s.control.exportReady();
        }
        flush();
    }

    /**
     * Import policy runs again over what the peer sent (its fresh routes: stale ones of a
     * restarting peer keep their verdict until the peer sends them again or they are swept).
     */
    private void reimport(RibPeer p, PeerPolicy policy) {
        Map<IpPrefix, AttrSet> fresh = new LinkedHashMap<>();
        if (p.compactAdjIn) {
            loc.forEach((x, v) -> {
                Path path = pathOf(v, p);
                if (path != null && !path.isStale()) {
                    fresh.put(x, path.attrs);
                }
            });
        }
        p.adjIn.forEach(fresh::put);
        boolean wasCompact = p.compactAdjIn;
        p.policy = policy;
        p.compactAdjIn = importIsIdentity(policy);
        if (wasCompact && !p.compactAdjIn && p.isRestarting()) {
            // Stale routes were only in the Loc-RIB, as received: keep them in the stale Adj-RIB-In.
            if (p.staleAdjIn == null) {
                p.staleAdjIn = new PrefixTable<>();
            }
            loc.forEach((x, v) -> {
                Path path = pathOf(v, p);
                if (path != null && path.isStale()) {
                    p.staleAdjIn.put(x, path.attrs);
                }
            });
        }
        p.adjIn = new PrefixTable<>(fresh.size());
        for (Map.Entry<IpPrefix, AttrSet> e : fresh.entrySet()) {
            accept(p, e.getKey(), e.getValue(), loop(e.getValue()));
        }
    }

    /** True when import passes every route unchanged: no filters, and no pool check for a mesh peer. */
    private boolean importIsIdentity(PeerPolicy policy) {
        return policy.importFilters().isEmpty() && !(policy.meshPeer() && !routing.ipPools().isEmpty());
    }

    /**
     * Everything the peer sent (stale routes included), as it sent it: its Adj-RIB-In. In compact
     * mode that is its paths in the Loc-RIB plus the routes kept aside.
     */
    private Map<IpPrefix, AttrSet> received(RibPeer p) {
        Map<IpPrefix, AttrSet> out = new LinkedHashMap<>();
        if (p.compactAdjIn) {
            loc.forEach((x, v) -> {
                Path path = pathOf(v, p);
                if (path != null) {
                    out.put(x, path.attrs);
                }
            });
        }
        if (p.staleAdjIn != null) {
            p.staleAdjIn.forEach(out::put);
        }
        p.adjIn.forEach(out::put);
        return out;
    }

    private static Path pathOf(Object v, RibPeer p) {
        return v instanceof Path single ? (single.peer == p ? single : null) : ((Destination) v).pathOf(p);
    }

    /** One received route into the Adj-RIB-In and, through import policy, the Loc-RIB. */
    private void accept(RibPeer p, IpPrefix x, AttrSet pre, String loop) {
        if (loop != null) {
            p.adjIn.put(x, pre);
            removePath(p, x);
        } else if (p.compactAdjIn) {
            if (!p.adjIn.isEmpty()) {
                p.adjIn.remove(x);
            }
            setPath(x, p.path(pre));
        } else {
            p.adjIn.put(x, pre);
            importRoute(p, x, pre);
        }
    }

    public void peerUp(RibPeer p, Negotiated n, IpAddress localV4, IpAddress localV6, PeerControl control) {
        Capability.GracefulRestart gr = n.peerGracefulRestart();
        if (p.isRestarting()) {
            dropStaleNotPreserved(p, gr);
        }
        RibPeer.Kind kind = n.external() ? RibPeer.Kind.EXTERNAL : RibPeer.Kind.INTERNAL;
        p.sessionUp(n.peerAs(), n.peerBgpId(), kind, n.families());
        AdjRibOut out = new AdjRibOut(n.families(), n.codecContext().maxMessageLength());
        // RFC 4724 §4.1: a restarting speaker does not wait for the End-of-RIB of a peer that has no
        // GR capability or is restarting too (R bit): two speakers restarting together would wait for each other.
        Set<AfiSafi> pending = gr == null || gr.restarting() ? new HashSet<>() : new HashSet<>(n.families());
        Session s = new Session(p, new ExportRules.Target(p, localV4, localV6), out, control, pending);
        sessions.put(p, s);
        p.out = out;
        if (deferring && allEndOfRibsIn()) {
            log.info("every peer that will send End-of-RIB sent it: selection deferral over");
            endDeferral();
        } else if (!deferring) {
            dumpTo(s);
        }
        flush();
    }

    /**
     * RFC 4724 §4.2: a restarted peer whose new OPEN has no GR capability, or lacks the F bit
     * (forwarding state preserved) for a family, lost that forwarding state: the family's stale
     * routes go now rather than at its End-of-RIB.
     */
    private void dropStaleNotPreserved(RibPeer p, Capability.GracefulRestart gr) {
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            boolean kept = gr != null && gr.families().stream().anyMatch(g -> g.family().equals(f) && g.forwardingPreserved());
            if (!kept && p.staleFamilies.contains(f)) {
                sweepStale(p, f);
            }
        }
    }

    /**
     * The session ended. {@code graceful}: the peer is restarting (RFC 4724) — its routes stay,
     * marked stale, until it sends them again and End-of-RIB, or {@link #staleExpired} is called.
     */
    public void peerDown(RibPeer p, boolean graceful) {
        sessions.remove(p);
        p.out = null;
        if (graceful) {
            if (p.staleAdjIn == null) {
                p.staleAdjIn = p.adjIn;
            } else {
                p.adjIn.forEach(p.staleAdjIn::put);
            }
            p.adjIn = new PrefixTable<>();
            p.generation++;
            p.paths.clear();
            p.staleFamilies.addAll(p.families.isEmpty() ? List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST) : p.families);
            log.info("peer {}: restarting gracefully, {} routes kept as stale", p.name(), p.receivedPrefixes());
        } else {
            dropAll(p);
        }
        p.maxPrefixWarned = false;
        flush();
    }

    /** The restart time (or the stale-routes time) ran out: drop what is still stale. */
    public void staleExpired(RibPeer p) {
        if (p.isRestarting()) {
            sweepStale(p, null);
        }
        flush();
    }

    private void dropAll(RibPeer p) {
        for (IpPrefix x : received(p).keySet()) {
            removePath(p, x);
        }
        p.adjIn = new PrefixTable<>();
        p.staleAdjIn = null;
        p.staleFamilies.clear();
        p.paths.clear();
        p.accepted = 0;
    }

    /**
     * Drops the routes of one family (or all when null) that the restarted peer has not sent again
     * (their paths are of the old generation), and forgets what it sent before for that family.
     */
    private void sweepStale(RibPeer p, AfiSafi family) {
        List<IpPrefix> gone = new ArrayList<>();
        loc.forEach((x, v) -> {
            Path path = pathOf(v, p);
            if (path != null && path.isStale() && (family == null || AfiSafi.of(x).equals(family))) {
                gone.add(x);
            }
        });
        for (IpPrefix x : gone) {
            removePath(p, x);
        }
        if (p.staleAdjIn != null) {
            List<IpPrefix> old = new ArrayList<>();
            p.staleAdjIn.forEach((x, a) -> {
                if (family == null || AfiSafi.of(x).equals(family)) {
                    old.add(x);
                }
            });
            old.forEach(p.staleAdjIn::remove);
        }
        if (family == null) {
            p.staleFamilies.clear();
        } else {
            p.staleFamilies.remove(family);
        }
        if (p.staleFamilies.isEmpty()) {
            p.staleAdjIn = null;
        }
        log.info("peer {}: {} stale routes dropped{}", p.name(), gone.size(), family == null ? "" : " for " + family);
    }

    // ---- routes from peers ---------------------------------------------------------------------

    /** An UPDATE from an established peer (already repaired per RFC 7606 by the decoder). */
    public void receive(RibPeer p, Update u) {
        var eor = u.endOfRibFamily();
        if (eor.isPresent()) {
            endOfRib(p, eor.get());
            return;
        }
        for (IpPrefix x : u.allWithdrawn()) {
            if (!p.adjIn.isEmpty()) {
                p.adjIn.remove(x);
            }
            if (p.staleAdjIn != null) {
                p.staleAdjIn.remove(x);
            }
            removePath(p, x);
        }
        List<IpPrefix> announced = u.announced();
        if (!announced.isEmpty()) {
            List<IpAddress> hops = u.attribute(PathAttribute.MpReach.class).map(PathAttribute.MpReach::nextHops)
                    .orElseGet(() -> u.attribute(PathAttribute.NextHop.class).map(h -> List.of(h.address())).orElse(List.of()));
            AttrSet pre = interner.intern(AttrSet.of(u.attributes(), hops));
            String loop = loop(pre);
            if (loop != null && log.isDebugEnabled()) {
                log.debug("peer {}: {} prefixes dropped: {}", p.name(), announced.size(), loop);
            }
            for (IpPrefix x : announced) {
                accept(p, x, pre, loop);
            }
            checkMaxPrefix(p);
        }
        flush();
    }

    private String loop(AttrSet a) {
        if (a.asPath().contains(config.localAs())) {
            return "AS-path loop: our AS " + config.localAs() + " is in the path";
        }
        if (a.hasOriginatorId && a.originatorId == config.routerId()) {
            return "ORIGINATOR_ID is our router id (RFC 4456 §8)";
        }
        PathAttribute.ClusterList cl = a.find(PathAttribute.ClusterList.class);
        if (cl != null && cl.clusterIds().contains(routing.effectiveClusterId(config.routerId()))) {
            return "CLUSTER_LIST contains our cluster id (RFC 4456 §8)";
        }
        return null;
    }

    private void importRoute(RibPeer p, IpPrefix x, AttrSet pre) {
        AttrSet attrs = pre;
        switch (Filters.evaluate(p.policy.importFilters(), x, pre)) {
            case Filters.Verdict.Reject r -> attrs = null;
            case Filters.Verdict.Accept a -> attrs = a.attrs() == pre ? pre : interner.intern(a.attrs());
            case Filters.Verdict.NoMatch n -> {
                if (p.policy.meshPeer() && !routing.ipPools().isEmpty() && !routing.inPools(x)) {
                    attrs = null;
                }
            }
        }
        if (attrs == null) {
            removePath(p, x);
        } else {
            setPath(x, p.path(attrs));
        }
    }

    private void checkMaxPrefix(RibPeer p) {
        PeerPolicy.MaxPrefix max = p.policy.maxPrefix();
        if (max == null || p.accepted <= max.limit()) {
            return;
        }
        if (max.warningOnly()) {
            if (!p.maxPrefixWarned) {
                p.maxPrefixWarned = true;
                log.warn("peer {}: {} prefixes accepted, more than the maximum {}", p.name(), p.accepted, max.limit());
            }
            return;
        }
        Session s = sessions.get(p);
        if (s != null && !p.maxPrefixWarned) {
            p.maxPrefixWarned = true;
            log.warn("peer {}: {} prefixes accepted, more than the maximum {}: Cease 6/1, reconnect in {}",
                    p.name(), p.accepted, max.limit(), max.restartDelay());
            s.control.reset(maxPrefixCease(p, max.limit()), max.restartDelay());
        }
    }

    /** RFC 4486 §4: the data is AFI, SAFI and the upper bound. */
    private static Notification maxPrefixCease(RibPeer p, int limit) {
        AfiSafi f = p.families.isEmpty() ? AfiSafi.IPV4_UNICAST : p.families.getFirst();
        byte[] d = {(byte) (f.afi() >>> 8), (byte) f.afi(), (byte) f.safi(), (byte) (limit >>> 24), (byte) (limit >>> 16),
            (byte) (limit >>> 8), (byte) limit};
        return new Notification(Notification.CEASE, Notification.MAX_PREFIXES_REACHED, d);
    }

    public void endOfRib(RibPeer p, AfiSafi family) {
        if (p.staleFamilies.contains(family)) {
            sweepStale(p, family);
        }
        Session s = sessions.get(p);
        if (s != null) {
            s.endOfRibPending.remove(family);
        }
        if (deferring && allEndOfRibsIn()) {
            log.info("every peer sent End-of-RIB: selection deferral over");
            endDeferral();
        }
        flush();
    }

    private boolean allEndOfRibsIn() {
        for (RibPeer p : peers.values()) {
            Session s = sessions.get(p);
            if (s == null || !s.endOfRibPending.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The selection deferral timer ran out (RFC 4724 §4.1). */
    public void deferralExpired() {
        if (deferring) {
            log.info("selection deferral timer ran out");
            endDeferral();
        }
        flush();
    }

    private void endDeferral() {
        deferring = false;
        changedPrefixes.clear();
        changedValues.clear();
        for (LocRibListener l : listeners) {
            l.snapshot(snapshot(), true);
        }
        for (Session s : sessions.values()) {
            dumpTo(s);
        }
    }

    public boolean isDeferring() {
        return deferring;
    }

    /** RFC 7606 AFI/SAFI disable: forget the family's routes from the peer. */
    public void dropFamily(RibPeer p, AfiSafi family) {
        for (IpPrefix x : received(p).keySet()) {
            if (AfiSafi.of(x).equals(family)) {
                p.adjIn.remove(x);
                if (p.staleAdjIn != null) {
                    p.staleAdjIn.remove(x);
                }
                removePath(p, x);
            }
        }
        flush();
    }

    /** The peer asked for our routes again (ROUTE-REFRESH, RFC 2918). */
    public void routeRefresh(RibPeer p, AfiSafi family) {
        Session s = sessions.get(p);
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
        setPath(x, local.path(interner.intern(AttrSet.of(attrs, List.of()))));
        flush();
    }

    public void withdrawOriginated(IpPrefix x) {
        removePath(local, x);
        flush();
    }

    // ---- the Loc-RIB ---------------------------------------------------------------------------

    private void setPath(IpPrefix x, Path path) {
        // One probe for the common cases (a new prefix, or the same peer again); the rest fix up.
        Object cur = loc.put(x, path);
        if (cur == null) {
            path.peer.accepted++;
            changed(x, path, path.peer);
        } else if (cur instanceof Path c) {
            if (c.peer == path.peer) {
                if (c != path) {
                    changed(x, path, path.peer);
                }
            } else {
                Destination d = new Destination(List.of(c, path));
                d.selection = bestPath.select(d.paths);
                loc.put(x, d);
                path.peer.accepted++;
                if (d.selection.best() != c || d.selection.ecmp() > 1) {
                    changed(x, d, path.peer);
                }
            }
        } else {
            Destination d = (Destination) cur;
            loc.put(x, d);
            boolean had = d.pathOf(path.peer) != null;
            d.put(path);
            if (!had) {
                path.peer.accepted++;
            }
            reselect(x, d, path.peer);
        }
    }

    private void removePath(RibPeer peer, IpPrefix x) {
        Object cur = loc.get(x);
        if (cur instanceof Path c) {
            if (c.peer == peer) {
                loc.remove(x);
                peer.accepted--;
                changed(x, null, peer);
            }
        } else if (cur instanceof Destination d && d.remove(peer)) {
            peer.accepted--;
            if (d.paths.size() == 1) {
                Path only = d.paths.getFirst();
                loc.put(x, only);
                if (d.selection.best() != only || d.selection.ecmp() > 1) {
                    changed(x, only, peer);
                }
            } else {
                reselect(x, d, peer);
            }
        }
    }

    private void reselect(IpPrefix x, Destination d, RibPeer source) {
        Selection before = d.selection;
        d.selection = bestPath.select(d.paths);
        if (before == null || before.best() != d.selection.best() || !before.multipath().equals(d.selection.multipath())) {
            changed(x, d, source);
        }
    }

    /**
     * Notes a Loc-RIB change for this batch, unless nobody can care: no consumer, and no session
     * but the one of the peer that caused it (it is never told its own routes back). A prefix that
     * changes twice in a batch is noted twice; consumers and Adj-RIB-Outs take the later one.
     */
    private void changed(IpPrefix x, Object value, RibPeer source) {
        if (deferring) {
            return;
        }
        if (listeners.isEmpty() && (sessions.isEmpty() || (sessions.size() == 1 && sessions.containsKey(source)))) {
            return;
        }
        changedPrefixes.add(x);
        changedValues.add(value);
    }

    /** The value handed to consumers for a Loc-RIB entry (null: none). */
    private static BestRoute routeOf(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof Path p ? p.asOnlyRoute() : Path.bestOf(((Destination) v).selection);
    }

    private static Selection selectionOf(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof Path p ? new Selection(List.of(p), 1, BestPath.ONLY_PATH) : ((Destination) v).selection;
    }

    private static Path bestOf(Object v) {
        return v instanceof Path p ? p : ((Destination) v).selection.best();
    }

    /** Hands this batch's changes to the listeners and the Adj-RIB-Outs. */
    private void flush() {
        int n = changedPrefixes.size();
        if (n == 0) {
            return;
        }
        boolean reflector = reflectorEnabled();
        List<RouteChange> out = listeners.isEmpty() ? null : new ArrayList<>(n);
        for (Session s : sessions.values()) {
            s.touched = false;
        }
        for (int i = 0; i < n; i++) {
            IpPrefix x = changedPrefixes.get(i);
            Object v = changedValues.get(i);
            if (out != null) {
                out.add(new RouteChange(x, routeOf(v)));
            }
            for (Session s : sessions.values()) {
                if (exportTo(s, x, v, reflector)) {
                    s.touched = true;
                }
            }
        }
        changedPrefixes.clear();
        changedValues.clear();
        if (out != null) {
            for (LocRibListener l : listeners) {
                l.changes(out);
            }
        }
        for (Session s : sessions.values()) {
            if (s.touched) {
                s.control.exportReady();
            }
        }
    }

    private boolean exportTo(Session s, IpPrefix x, Object v, boolean reflector) {
        if (!s.out.carries(x)) {
            return false;
        }
        AttrSet attrs = v == null ? null : exportRules.export(s.target, x, bestOf(v), reflector);
        return s.out.change(x, attrs);
    }

    private boolean reflectorEnabled() {
        for (RibPeer p : peers.values()) {
            if (p.policy.routeReflectorClient()) {
                return true;
            }
        }
        return false;
    }

    private void dumpTo(Session s) {
        boolean reflector = reflectorEnabled();
        loc.forEach((x, v) -> exportTo(s, x, v, reflector));
        s.out.initialDumpQueued();
        s.control.exportReady();
    }

    /** Up to {@code max} UPDATEs for an established peer (empty when nothing is pending). */
    public List<Update> take(RibPeer p, int max) {
        Session s = sessions.get(p);
        return s == null ? List.of() : s.out.take(max);
    }

    // ---- consumers ------------------------------------------------------------------------------

    /** Adds a consumer: it gets the snapshot now (marked incomplete while deferring), then changes. */
    public void subscribe(LocRibListener l) {
        listeners.add(l);
        l.snapshot(deferring ? List.of() : snapshot(), !deferring);
    }

    public List<RouteChange> snapshot() {
        List<RouteChange> all = new ArrayList<>(loc.size());
        loc.forEach((x, v) -> all.add(new RouteChange(x, routeOf(v))));
        return all;
    }

    public int locRibSize() {
        return loc.size();
    }

    public Selection selection(IpPrefix x) {
        return selectionOf(loc.get(x));
    }

    /** The peer's Adj-RIB-In: every prefix it announced (stale ones included) with the attributes as received. */
    public Map<IpPrefix, AttrSet> adjRibIn(String peerName) {
        RibPeer p = peers.get(peerName);
        return p == null ? Map.of() : received(p);
    }

    /** The peer's routes in the Loc-RIB (accepted by import policy), best or not: prefix → attributes. */
    public Map<IpPrefix, AttrSet> acceptedFrom(String peerName) {
        RibPeer p = peers.get(peerName);
        Map<IpPrefix, AttrSet> out = new LinkedHashMap<>();
        loc.forEach((x, v) -> {
            Path path = p == null ? null : pathOf(v, p);
            if (path != null) {
                out.put(x, path.attrs);
            }
        });
        return out;
    }

}

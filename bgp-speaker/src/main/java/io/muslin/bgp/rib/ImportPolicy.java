package io.muslin.bgp.rib;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpPrefix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a peer sent, and what of it the Loc-RIB takes: loop checks (our AS in the AS_PATH, our
 * router id as ORIGINATOR_ID, our cluster id in CLUSTER_LIST), import filters, and the mesh-peer
 * default (only prefixes inside the pools). Keeps each peer's Adj-RIB-In before policy, compact
 * while policy is the identity. RIB thread only.
 */
final class ImportPolicy {
    private final RibConfig config;
    private final LocRib loc;
    private final AttrSets interner;
    private RoutingSettings routing;

    ImportPolicy(RibConfig config, LocRib loc, AttrSets interner) {
        this.config = config;
        this.loc = loc;
        this.interner = interner;
        this.routing = config.routing();
    }

    void routing(RoutingSettings r) {
        this.routing = r;
    }

    /** True when import passes every route unchanged: no filters, and no pool check for a mesh peer. */
    boolean isIdentity(PeerPolicy policy) {
        return policy.importFilters().isEmpty() && !(policy.meshPeer() && !routing.ipPools().isEmpty());
    }

    /** Why a route with these attributes is a loop, or null when it is not. */
    String loop(AttrSet a) {
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

    /** One received route into the Adj-RIB-In and, through import policy, the Loc-RIB; {@code loop} from {@link #loop}. */
    void accept(RibPeer p, IpPrefix x, AttrSet pre, String loop) {
        accept(p, x, pre, loop, null);
    }

    /** As above; {@code path}: the peer's path for {@code pre} when the caller has it (else looked up). */
    void accept(RibPeer p, IpPrefix x, AttrSet pre, String loop, Path path) {
        if (loop != null) {
            p.adjIn.put(x, pre);
            loc.removePath(p, x);
        } else if (p.compactAdjIn) {
            if (!p.adjIn.isEmpty()) {
                p.adjIn.remove(x);
            }
            loc.setPath(x, path != null ? path : p.path(pre));
        } else {
            p.adjIn.put(x, pre);
            importRoute(p, x, pre);
        }
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
            loc.removePath(p, x);
        } else {
            loc.setPath(x, p.path(attrs));
        }
    }

    /**
     * Import policy runs again over what the peer sent (its fresh routes: stale ones of a
     * restarting peer keep their verdict until the peer sends them again or they are swept).
     */
    void reimport(RibPeer p, PeerPolicy policy) {
        Map<IpPrefix, AttrSet> fresh = new LinkedHashMap<>();
        if (p.compactAdjIn) {
            loc.forEach((x, v) -> {
                Path path = LocRib.pathOf(v, p);
                if (path != null && !path.isStale()) {
                    fresh.put(x, path.attrs);
                }
            });
        }
        p.adjIn.forEach(fresh::put);
        boolean wasCompact = p.compactAdjIn;
        p.policy = policy;
        p.compactAdjIn = isIdentity(policy);
        if (wasCompact && !p.compactAdjIn && p.isRestarting()) {
            // Stale routes were only in the Loc-RIB, as received: keep them in the stale Adj-RIB-In.
            if (p.staleAdjIn == null) {
                p.staleAdjIn = new PrefixTable<>();
            }
            loc.forEach((x, v) -> {
                Path path = LocRib.pathOf(v, p);
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

    /**
     * Everything the peer sent (stale routes included), as it sent it: its Adj-RIB-In. In compact
     * mode that is its paths in the Loc-RIB plus the routes kept aside.
     */
    Map<IpPrefix, AttrSet> received(RibPeer p) {
        Map<IpPrefix, AttrSet> out = p.compactAdjIn ? loc.pathsOf(p) : new LinkedHashMap<>();
        if (p.staleAdjIn != null) {
            p.staleAdjIn.forEach(out::put);
        }
        p.adjIn.forEach(out::put);
        return out;
    }

    /** Forgets everything the peer sent: its Adj-RIB-In, its paths in the Loc-RIB, its stale routes. */
    void forget(RibPeer p) {
        for (IpPrefix x : received(p).keySet()) {
            loc.removePath(p, x);
        }
        p.adjIn = new PrefixTable<>();
        p.staleAdjIn = null;
        p.staleFamilies.clear();
        p.paths.clear();
        p.accepted = 0;
    }

    /** Forgets the peer's routes of one family (RFC 7606 AFI/SAFI disable). */
    void forget(RibPeer p, AfiSafi family) {
        for (IpPrefix x : received(p).keySet()) {
            if (AfiSafi.of(x).equals(family)) {
                p.adjIn.remove(x);
                if (p.staleAdjIn != null) {
                    p.staleAdjIn.remove(x);
                }
                loc.removePath(p, x);
            }
        }
    }
}

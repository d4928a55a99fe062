package io.muslin.bgp.rib;

import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer is told about a prefix, given the best path (pure apart from interning): never
 * back to its source; NO_ADVERTISE / NO_EXPORT (RFC 1997); iBGP split horizon and route
 * reflection (RFC 4456: ORIGINATOR_ID, CLUSTER_LIST); export filters, whose default sends only
 * this speaker's own routes and what a reflector must reflect; eBGP rewriting (own AS prepended,
 * LOCAL_PREF / ORIGINATOR_ID / CLUSTER_LIST / learned MED removed); the next hop by mode.
 */
final class ExportRules {
    private final long localAs;
    private final int routerId;
    private final AttrSets interner;
    private RoutingSettings routing;
    /**
     * The last answer and everything it depended on but the prefix's family: the routes of one path
     * that follow each other (one UPDATE's prefixes, a table walk) get it without the rewriting
     * again (the attributes of a packed set are decoded for it). Not with export filters, which
     * look at the prefix.
     */
    private Target lastTarget;
    private Object lastTargetPolicy;
    private RibPeer.Kind lastTargetKind;
    private int lastTargetId;
    private Path lastBest;
    private Object lastSourcePolicy;
    private RibPeer.Kind lastSourceKind;
    private int lastSourceId;
    private boolean lastReflector;
    private boolean lastV6;
    private AttrSet lastAnswer;

    ExportRules(long localAs, int routerId, RoutingSettings routing, AttrSets interner) {
        this.localAs = localAs;
        this.routerId = routerId;
        this.routing = routing;
        this.interner = interner;
    }

    /** New routing settings (cluster id, next hops) for every export from now on. */
    void routing(RoutingSettings r) {
        this.routing = r;
        lastTarget = null;
    }

    /** Per-target session facts the next hop depends on. */
    record Target(RibPeer peer, IpAddress localV4, IpAddress localV6) {
    }

    /** The attributes to send for {@code prefix} to {@code t}, or null to send nothing (withdraw). */
    AttrSet export(Target t, IpPrefix prefix, Path best, boolean reflectorEnabled) {
        RibPeer target = t.peer();
        RibPeer source = best.peer;
        if (!target.policy().exportFilters().isEmpty()) {
            return rewrite(t, prefix, best, reflectorEnabled);
        }
        if (t == lastTarget && best == lastBest && reflectorEnabled == lastReflector && prefix.v6() == lastV6
                && target.policy() == lastTargetPolicy && target.kind() == lastTargetKind && target.bgpId() == lastTargetId
                && source.policy() == lastSourcePolicy && source.kind() == lastSourceKind && source.bgpId() == lastSourceId) {
            return lastAnswer;
        }
        AttrSet answer = rewrite(t, prefix, best, reflectorEnabled);
        lastTarget = t;
        lastBest = best;
        lastReflector = reflectorEnabled;
        lastV6 = prefix.v6();
        lastTargetPolicy = target.policy();
        lastTargetKind = target.kind();
        lastTargetId = target.bgpId();
        lastSourcePolicy = source.policy();
        lastSourceKind = source.kind();
        lastSourceId = source.bgpId();
        lastAnswer = answer;
        return answer;
    }

    private AttrSet rewrite(Target t, IpPrefix prefix, Path best, boolean reflectorEnabled) {
        RibPeer target = t.peer();
        RibPeer source = best.peer;
        if (source == target) {
            return null;
        }
        AttrSet attrs = best.attrs;
        boolean external = target.kind() == RibPeer.Kind.EXTERNAL;
        if (attrs.noAdvertise || (external && attrs.noExport)) {
            return null;
        }
        boolean reflect = false;
        if (!external && source.kind() == RibPeer.Kind.INTERNAL) {
            boolean fromClient = source.policy().routeReflectorClient();
            if (!reflectorEnabled || (!fromClient && !target.policy().routeReflectorClient())) {
                return null; // iBGP split horizon
            }
            if (attrs.hasOriginatorId && attrs.originatorId == target.bgpId()) {
                return null; // never back to the originator
            }
            reflect = true;
        }
        Filters.Verdict verdict = Filters.evaluate(target.policy().exportFilters(), prefix, attrs);
        switch (verdict) {
            case Filters.Verdict.Reject r -> {
                return null;
            }
            case Filters.Verdict.Accept a -> attrs = a.attrs();
            case Filters.Verdict.NoMatch n -> {
                boolean allowed = source.kind() == RibPeer.Kind.LOCAL || reflect || target.policy().exportLearned();
                if (!allowed) {
                    return null;
                }
            }
        }
        if (external) {
            attrs = attrs.without(PathAttribute.LOCAL_PREF, PathAttribute.ORIGINATOR_ID, PathAttribute.CLUSTER_LIST);
            if (source.kind() != RibPeer.Kind.LOCAL) {
                attrs = attrs.without(PathAttribute.MULTI_EXIT_DISC);
            }
            attrs = attrs.prepend(localAs);
        } else {
            if (!attrs.hasLocalPref) {
                attrs = attrs.with(new PathAttribute.LocalPref(AttrSet.DEFAULT_LOCAL_PREF));
            }
            if (reflect) {
                if (!attrs.hasOriginatorId) {
                    attrs = attrs.with(new PathAttribute.OriginatorId(source.bgpId()));
                }
                PathAttribute.ClusterList cl = attrs.find(PathAttribute.ClusterList.class);
                List<Integer> ids = new ArrayList<>();
                ids.add(routing.effectiveClusterId(routerId));
                if (cl != null) {
                    ids.addAll(cl.clusterIds());
                }
                attrs = attrs.with(new PathAttribute.ClusterList(ids));
            }
        }
        List<IpAddress> hops = nextHops(t, prefix, best, external);
        if (hops == null) {
            return null;
        }
        return interner.intern(attrs.withNextHops(hops));
    }

    private List<IpAddress> nextHops(Target t, IpPrefix prefix, Path best, boolean external) {
        boolean self = switch (t.peer().policy().nextHopMode()) {
            case SELF -> true;
            case KEEP -> best.peer.kind() == RibPeer.Kind.LOCAL || best.attrs.nextHops().isEmpty();
            case AUTO -> external || best.peer.kind() == RibPeer.Kind.LOCAL || best.attrs.nextHops().isEmpty();
        };
        if (!self) {
            return best.attrs.nextHops();
        }
        boolean v6 = prefix.v6();
        IpAddress h = v6 ? (routing.nextHopIPv6() != null ? routing.nextHopIPv6() : t.localV6())
                : (routing.nextHopIPv4() != null ? routing.nextHopIPv4() : t.localV4());
        if (h == null || h.v6() != v6) {
            return null;
        }
        return List.of(h);
    }
}

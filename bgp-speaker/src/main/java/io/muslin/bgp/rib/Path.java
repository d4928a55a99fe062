package io.muslin.bgp.rib;

import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A route's source and attributes: which peer (or this speaker) and with what. Interned per peer
 * and generation ({@link PeerPaths}), so all routes a peer sent with the same attributes share one
 * Path; it is forgotten when no route uses it. The
 * generation marks stale paths while a peer restarts gracefully (RFC 4724). Touched only on the
 * RIB's thread.
 */
public final class Path {
    final RibPeer peer;
    final AttrSet attrs;
    final int generation;
    /** How many Loc-RIB routes use this path ({@link LocRib} counts); at 0 it leaves its peer's table. */
    int routes;
    /** The path's id in the Loc-RIB's table while routes use it; -1 without one. */
    int entryId = -1;
    Path(RibPeer peer, AttrSet attrs, int generation) {
        this.peer = peer;
        this.attrs = attrs;
        this.generation = generation;
    }

    public RibPeer peer() {
        return peer;
    }

    public AttrSet attrs() {
        return attrs;
    }

    /** True while the peer is restarting and has not sent this route again yet. */
    public boolean isStale() {
        return generation != peer.generation;
    }

    /** This path as the only one for its prefix ({@link LocRib#routeOf} shares it between the prefixes of a batch). */
    BestRoute asOnlyRoute() {
        List<IpAddress> all = attrs.nextHops();
        List<IpAddress> hops = all.size() <= 1 ? all : List.of(all.getFirst());
        return route(hops, isStale(), 1, BestPath.ONLY_PATH);
    }

    /** This path as the best of {@code selection}, with the selection's multipath next hops. */
    static BestRoute bestOf(Selection selection) {
        List<IpAddress> hops = new ArrayList<>(selection.ecmp());
        for (Path p : selection.multipath()) {
            if (!p.attrs.nextHops().isEmpty() && !hops.contains(p.attrs.nextHops().getFirst())) {
                hops.add(p.attrs.nextHops().getFirst());
            }
        }
        Path best = selection.best();
        return best.route(hops, best.isStale(), selection.paths().size(), selection.reason());
    }

    private BestRoute route(List<IpAddress> hops, boolean stale, int candidates, String reason) {
        PathAttribute.Communities c = attrs.find(PathAttribute.Communities.class);
        PathAttribute.MultiExitDisc m = attrs.find(PathAttribute.MultiExitDisc.class);
        boolean local = peer.kind() == RibPeer.Kind.LOCAL;
        return new BestRoute(hops, local, local ? null : peer.address(), attrs.asPathLength, c == null ? List.of() : c.values(),
                attrs.localPref, m == null ? OptionalLong.empty() : OptionalLong.of(m.value()), stale, candidates, reason);
    }

    @Override
    public String toString() {
        return "Path[" + peer.name() + (isStale() ? " stale" : "") + " " + attrs + "]";
    }
}

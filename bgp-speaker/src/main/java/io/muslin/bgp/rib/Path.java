package io.muslin.bgp.rib;

import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A route's source and attributes: which peer (or this speaker) and with what. Interned per peer
 * and generation, so all routes a peer sent with the same attributes share one Path. The
 * generation marks stale paths while a peer restarts gracefully (RFC 4724). Touched only on the
 * RIB's thread.
 */
public final class Path {
    final RibPeer peer;
    final AttrSet attrs;
    final int generation;
    /** This path alone as a {@link BestRoute} (fresh, and stale once its peer restarts), made when first asked for. */
    private BestRoute asFresh;
    private BestRoute asStale;

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

    /** This path as the only one for its prefix; shared by every prefix with this path. */
    BestRoute asOnlyRoute() {
        boolean stale = isStale();
        BestRoute r = stale ? asStale : asFresh;
        if (r == null) {
            List<IpAddress> hops = attrs.nextHops().isEmpty() ? List.of() : List.of(attrs.nextHops().getFirst());
            r = route(hops, stale, 1, BestPath.ONLY_PATH);
            if (stale) {
                asStale = r;
            } else {
                asFresh = r;
            }
        }
        return r;
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

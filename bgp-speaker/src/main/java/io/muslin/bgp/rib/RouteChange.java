package io.muslin.bgp.rib;

import io.muslin.bgp.wire.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One Loc-RIB change for consumers such as the route programmer: the prefix and its new
 * selection (best first, with the multipath set), or no selection when the prefix is gone.
 */
public record RouteChange(IpPrefix prefix, Selection selection) {
    public boolean withdrawn() {
        return selection == null;
    }

    /** The next hops of the multipath set, in order, without repeats (for kernel ECMP). */
    public List<InetAddress> nextHops() {
        if (selection == null) {
            return List.of();
        }
        List<InetAddress> out = new ArrayList<>();
        for (Path p : selection.multipath()) {
            if (!p.attrs.nextHops().isEmpty() && !out.contains(p.attrs.nextHops().getFirst())) {
                out.add(p.attrs.nextHops().getFirst());
            }
        }
        return out;
    }

    /** True when the best path is this speaker's own (originated) route. */
    public boolean isLocal() {
        return selection != null && selection.best().peer.kind() == RibPeer.Kind.LOCAL;
    }
}

package io.muslin.bgp.rib;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/**
 * One Loc-RIB change for consumers such as the route programmer, as an immutable value: the
 * prefix and the best route now, or no route when the prefix is gone.
 */
public record RouteChange(IpPrefix prefix, BestRoute best) {
    public boolean withdrawn() {
        return best == null;
    }

    /** The next hops of the multipath set, in order, without repeats (for kernel ECMP); empty when withdrawn. */
    public List<IpAddress> nextHops() {
        return best == null ? List.of() : best.nextHops();
    }

    /** True when the best path is this speaker's own (originated) route. */
    public boolean isLocal() {
        return best != null && best.local();
    }
}

package io.muslin.routing;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/**
 * What this node itself wants routed, apart from what it learned: its address (the underlay
 * source, tunnel endpoint and uplink finder), the IP pools with their encapsulation modes, its
 * own blocks (each a blackhole route), and the address for {@code tunl0} (null: the first address
 * of the first own block in an ipip pool). Changes rarely (datastore events); the learned routes
 * change often and travel separately.
 */
public record NodeIntent(IpAddress nodeAddress, List<Pool> pools, List<IpPrefix> ownBlocks, IpAddress tunnelAddress) {

    public NodeIntent {
        pools = List.copyOf(pools);
        ownBlocks = List.copyOf(ownBlocks);
    }
}

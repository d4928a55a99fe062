package io.muslin.routing;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/**
 * What the agent wants routed, independent of the kernel: this node's address (the underlay
 * source and tunnel endpoint), the pools, this node's own blocks, the learned routes, and the
 * address for {@code tunl0} (null: the first address of the first own block in an ipip pool).
 */
public record Intent(IpAddress nodeAddress, List<Pool> pools, List<IpPrefix> ownBlocks, List<LearnedRoute> learned,
                     IpAddress tunnelAddress) {

    public Intent {
        pools = List.copyOf(pools);
        ownBlocks = List.copyOf(ownBlocks);
        learned = List.copyOf(learned);
    }

    public Intent withLearned(List<LearnedRoute> l) {
        return new Intent(nodeAddress, pools, ownBlocks, l, tunnelAddress);
    }
}

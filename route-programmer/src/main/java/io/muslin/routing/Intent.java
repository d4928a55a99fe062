package io.muslin.routing;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/**
 * The whole desired state at once: this node ({@link NodeIntent}: address, pools, own blocks,
 * tunnel address) and every learned route. The full-state path (start-up, tests, periodic
 * resync); learned-route changes in between travel as deltas
 * ({@code RouteProgrammer.updateLearned}).
 */
public record Intent(IpAddress nodeAddress, List<Pool> pools, List<IpPrefix> ownBlocks, List<LearnedRoute> learned,
                     IpAddress tunnelAddress) {

    public Intent {
        pools = List.copyOf(pools);
        ownBlocks = List.copyOf(ownBlocks);
        learned = List.copyOf(learned);
    }

    public static Intent of(NodeIntent node, List<LearnedRoute> learned) {
        return new Intent(node.nodeAddress(), node.pools(), node.ownBlocks(), learned, node.tunnelAddress());
    }

    /** This node's part, without the learned routes. */
    public NodeIntent node() {
        return new NodeIntent(nodeAddress, pools, ownBlocks, tunnelAddress);
    }

    public Intent withLearned(List<LearnedRoute> l) {
        return new Intent(nodeAddress, pools, ownBlocks, l, tunnelAddress);
    }
}

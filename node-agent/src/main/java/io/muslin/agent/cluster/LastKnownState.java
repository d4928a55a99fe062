package io.muslin.agent.cluster;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPFilter;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Secret;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What this node last decided from, saved so that an agent started while the datastore cannot be
 * reached still starts its BGP sessions and keeps the kernel as it is (peers' graceful-restart
 * timers must not run out): the Nodes (this one's address and AS, the mesh), BGPPeers,
 * BGPConfigurations, IPPools (their encapsulation), BGPFilters, the Secrets the peerings' passwords
 * came from, this node's blocks and tunnel address. The decisions themselves are made again from
 * it by the same code as online ({@link ClusterState}), so they are the same.
 *
 * @param savedAt  when it was taken from the live caches
 * @param nodeName the node it belongs to (a file of another node is not used)
 */
public record LastKnownState(Instant savedAt, String nodeName, List<Node> nodes, List<BGPPeer> bgpPeers,
                             List<BGPConfiguration> bgpConfigurations, List<IPPool> pools, List<BGPFilter> filters,
                             List<Secret> secrets, List<IpPrefix> blocks, IpAddress tunnelAddress)
        implements ClusterState {

    public LastKnownState {
        Objects.requireNonNull(savedAt, "savedAt");
        Objects.requireNonNull(nodeName, "nodeName");
        nodes = List.copyOf(nodes);
        bgpPeers = List.copyOf(bgpPeers);
        bgpConfigurations = List.copyOf(bgpConfigurations);
        pools = List.copyOf(pools);
        filters = List.copyOf(filters);
        secrets = List.copyOf(secrets);
        blocks = List.copyOf(blocks);
    }

    /** The same content, saved at another time (a save is skipped when only the time differs). */
    public boolean sameContent(LastKnownState other) {
        return other != null && equals(other.withSavedAt(savedAt));
    }

    public LastKnownState withSavedAt(Instant at) {
        return new LastKnownState(at, nodeName, nodes, bgpPeers, bgpConfigurations, pools, filters, secrets, blocks,
                tunnelAddress);
    }

    @Override
    public Map<String, BGPFilter> bgpFilters() {
        Map<String, BGPFilter> out = new HashMap<>();
        filters.forEach(f -> out.put(f.metadata().name(), f));
        return out;
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return secrets.stream().filter(s -> s.metadata().name().equals(name)
                && Objects.equals(s.metadata().namespace(), namespace)).findFirst();
    }

    /** One line for the log: what a start without the datastore runs from. */
    public String describe() {
        return nodes.size() + " node(s), " + bgpPeers.size() + " BGP peer(s), " + pools.size() + " pool(s), blocks "
                + blocks + ", saved " + savedAt;
    }
}

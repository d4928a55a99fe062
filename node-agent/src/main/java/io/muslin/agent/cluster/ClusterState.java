package io.muslin.agent.cluster;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPFilter;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster resources the node's decisions are made from: the live informer caches
 * ({@link ClusterCache}) or, while the datastore cannot be reached, the last state saved from them
 * ({@link LastKnownState}). One reader, so a decision made offline is the one made online.
 */
public interface ClusterState {
    List<Node> nodes();

    default Optional<Node> node(String name) {
        return nodes().stream().filter(n -> n.metadata().name().equals(name)).findFirst();
    }

    List<BGPPeer> bgpPeers();

    List<BGPConfiguration> bgpConfigurations();

    List<IPPool> pools();

    /** The BGPFilter resources by name. */
    Map<String, BGPFilter> bgpFilters();

    /** The secret {@code namespace/name}, if known. */
    Optional<Secret> secret(String namespace, String name);
}

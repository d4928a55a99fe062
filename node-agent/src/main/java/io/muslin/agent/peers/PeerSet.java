package io.muslin.agent.peers;

import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the peer computation decided for this node.
 *
 * @param asNumber    this node's AS (its Node's {@code spec.bgp.asNumber}, else the cluster's)
 * @param listenPort  the port this node listens on ({@code node.<name>} BGPConfiguration, else {@code default}, else 179)
 * @param clusterId   this node's route-reflector cluster ID, when it is a route reflector
 * @param meshEnabled whether the node-to-node mesh is on for the cluster
 * @param peers       the sessions, sorted by name
 * @param warnings    what was ignored and why (a peer named twice, a missing secret, an unreadable address)
 */
public record PeerSet(long asNumber, int listenPort, Optional<IpAddress> clusterId, boolean meshEnabled,
                      List<DesiredPeer> peers, List<String> warnings) {
    public PeerSet {
        peers = List.copyOf(peers);
        warnings = List.copyOf(warnings);
    }
}

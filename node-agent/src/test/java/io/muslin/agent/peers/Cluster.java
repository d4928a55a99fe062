package io.muslin.agent.peers;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A cluster's resources built up in a test, and the peer computation for one of its nodes. */
final class Cluster {
    final List<Node> nodes = new ArrayList<>();
    final List<BGPPeer> peers = new ArrayList<>();
    final List<BGPConfiguration> configs = new ArrayList<>();
    final Map<String, String> secrets = new HashMap<>();

    Cluster node(String name, String ipv4, String ipv6, Long as, String clusterId, Map<String, String> labels) {
        nodes.add(new Node(ObjectMeta.named(name).withLabels(labels),
                new Node.Spec(new Node.BGP(as, ipv4, ipv6, null, clusterId), null, null, null)));
        return this;
    }

    Cluster node(String name, String ipv4) {
        return node(name, ipv4, null, null, null, Map.of());
    }

    Cluster peer(String name, BGPPeer.Spec spec) {
        peers.add(new BGPPeer(ObjectMeta.named(name), spec));
        return this;
    }

    Cluster config(String name, Long as, Boolean mesh, Integer listenPort, String meshRestart) {
        configs.add(new BGPConfiguration(ObjectMeta.named(name),
                new BGPConfiguration.Spec(null, mesh, as, listenPort, null, null, null, null, null, meshRestart)));
        return this;
    }

    /** BGPConfiguration {@code default} with BFD on the node-to-node mesh. */
    Cluster meshBfd(BGPPeer.Bfd bfd) {
        configs.add(new BGPConfiguration(ObjectMeta.named("default"),
                new BGPConfiguration.Spec(null, null, null, null, null, null, null, null, null, null, bfd)));
        return this;
    }

    Cluster meshOff() {
        return config("default", null, false, null, null);
    }

    PeerSet on(String node) {
        return PeerCalculator.compute(node, nodes, peers, configs,
                (name, key) -> Optional.ofNullable(secrets.get(name + "/" + key)));
    }

    /** A BGPPeer spec: what most tests vary. */
    static BGPPeer.Spec spec(String node, String nodeSelector, String peerIP, Long as, String peerSelector) {
        return new BGPPeer.Spec(node, peerIP, as, nodeSelector, peerSelector, null, null, null, null, null, null, null);
    }

    /** The peers as "name address AS kind role passive" lines: easy to compare with a hand-made table. */
    static List<String> lines(PeerSet set) {
        return set.peers().stream().map(p -> p.name() + " " + p.address() + ":" + p.port() + " AS" + p.asNumber() + " "
                + p.kind() + " " + p.role() + (p.passive() ? " passive" : "")).toList();
    }
}

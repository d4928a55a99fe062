package io.muslin.policy.render;

import io.muslin.policy.model.Ipv4;
import java.util.List;

/**
 * Host traffic that must keep working whatever the policies say: BGP (tcp/179) with the other
 * nodes and the configured peers, ipip (IP protocol 4) and vxlan (udp/{@code vxlanPort}) from the
 * other nodes, and this node's connections to etcd. Encapsulated packets from hosts that are not
 * nodes are dropped when {@code dropForeignEncap} is set, as Calico does: they could carry forged
 * pod traffic past the policy chains.
 */
public record HostProtection(List<Ipv4> nodes, List<Ipv4> bgpPeers, List<EtcdEndpoint> etcd,
                             boolean ipip, boolean vxlan, int vxlanPort, boolean dropForeignEncap) {

    /** No host protection rules at all. */
    public static final HostProtection NONE = new HostProtection(List.of(), List.of(), List.of(), false, false, 4789, false);

    public HostProtection {
        nodes = List.copyOf(nodes);
        bgpPeers = List.copyOf(bgpPeers);
        etcd = List.copyOf(etcd);
    }

    public boolean isNone() {
        return nodes.isEmpty() && bgpPeers.isEmpty() && etcd.isEmpty() && !ipip && !vxlan;
    }

    /** An etcd client URL's address and port. */
    public record EtcdEndpoint(Ipv4 address, int port) {
    }
}

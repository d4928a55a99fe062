package io.muslin.policy.render;

import io.muslin.net.IpAddress;
import java.util.List;

/**
 * Host traffic that must keep working whatever the policies say: BGP (tcp/179) with the other
 * nodes and the configured peers, ipip (IP protocol 4) and vxlan (udp/{@code vxlanPort}) from the
 * other nodes, and this node's connections to etcd. Encapsulated packets from hosts that are not
 * nodes are dropped when {@code dropForeignEncap} is set, as Calico does: they could carry forged
 * pod traffic past the policy chains.
 */
public record HostProtection(List<IpAddress> nodes, List<IpAddress> bgpPeers, List<EtcdEndpoint> etcd,
                             boolean ipip, boolean vxlan, int vxlanPort, boolean dropForeignEncap) {

    /** No host protection rules at all. */
    public static final HostProtection NONE = new HostProtection(List.of(), List.of(), List.of(), false, false, 4789, false);

    public HostProtection {
        nodes = List.copyOf(nodes);
        bgpPeers = List.copyOf(bgpPeers);
        etcd = List.copyOf(etcd);
        for (IpAddress a : nodes) {
            requireV4("nodes", a);
        }
        for (IpAddress a : bgpPeers) {
            requireV4("bgpPeers", a);
        }
    }

    private static void requireV4(String field, IpAddress a) {
        if (a.v6()) {
            throw new IllegalArgumentException("host protection " + field + ": " + a + " is IPv6; the rules are IPv4 only");
        }
    }

    public boolean isNone() {
        return nodes.isEmpty() && bgpPeers.isEmpty() && etcd.isEmpty() && !ipip && !vxlan;
    }

    /** An etcd client URL's address and port. */
    public record EtcdEndpoint(IpAddress address, int port) {
        public EtcdEndpoint {
            requireV4("etcd", address);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("host protection etcd: port " + port + " is outside 1..65535");
            }
        }
    }
}

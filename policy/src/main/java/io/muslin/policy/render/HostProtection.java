package io.muslin.policy.render;

import io.muslin.net.IpAddress;
import java.util.List;

/**
 * Host traffic that must keep working whatever the policies say: BGP (tcp/179) with the other
 * nodes and the configured peers, ipip (IP protocol 4) and vxlan (udp/{@code vxlanPort}) from the
 * other nodes, and this node's connections to etcd. Encapsulated packets from hosts that are not
 * nodes are dropped when {@code dropForeignEncap} is set, as Calico does: they could carry forged
 * pod traffic past the policy chains. The failsafe ports (Calico's {@code FailsafeInboundHostPorts}
 * and {@code FailsafeOutboundHostPorts}) are accepted from and to any address, so that a wrong
 * policy or a host firewall with DROP policies never cuts SSH, DNS, DHCP or the control plane.
 */
public record HostProtection(List<IpAddress> nodes, List<IpAddress> bgpPeers, List<EtcdEndpoint> etcd,
                             boolean ipip, boolean vxlan, int vxlanPort, boolean dropForeignEncap,
                             List<Failsafe> failsafeInbound, List<Failsafe> failsafeOutbound) {

    /** No host protection rules at all. */
    public static final HostProtection NONE = new HostProtection(List.of(), List.of(), List.of(), false, false, 4789, false);

    /** Without failsafe ports. */
    public HostProtection(List<IpAddress> nodes, List<IpAddress> bgpPeers, List<EtcdEndpoint> etcd, boolean ipip,
                          boolean vxlan, int vxlanPort, boolean dropForeignEncap) {
        this(nodes, bgpPeers, etcd, ipip, vxlan, vxlanPort, dropForeignEncap, List.of(), List.of());
    }

    public HostProtection {
        failsafeInbound = List.copyOf(failsafeInbound);
        failsafeOutbound = List.copyOf(failsafeOutbound);
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
        return nodes.isEmpty() && bgpPeers.isEmpty() && etcd.isEmpty() && !ipip && !vxlan && failsafeInbound.isEmpty()
                && failsafeOutbound.isEmpty();
    }

    /** A failsafe port: {@code protocol} {@code tcp}, {@code udp} or {@code sctp}; the host's port inbound, the remote one outbound. */
    public record Failsafe(String protocol, int port) {
        public Failsafe {
            if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
                throw new IllegalArgumentException("host protection failsafe: protocol '" + protocol + "' is not tcp, udp or sctp");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("host protection failsafe: port " + port + " is outside 1..65535");
            }
        }

        /** {@code tcp:22} (Calico's notation; a bare port is tcp). */
        public static Failsafe parse(String text) {
            String t = text.strip().toLowerCase(java.util.Locale.ROOT);
            int colon = t.indexOf(':');
            String proto = colon < 0 ? "tcp" : t.substring(0, colon);
            String port = colon < 0 ? t : t.substring(colon + 1);
            try {
                return new Failsafe(proto, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("host protection failsafe: '" + text + "' is not PROTOCOL:PORT (e.g. tcp:22)");
            }
        }

        @Override
        public String toString() {
            return protocol + ":" + port;
        }
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

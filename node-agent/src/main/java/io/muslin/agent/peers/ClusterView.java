package io.muslin.agent.peers;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Selector;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of Node and BGPConfiguration resources that peering depends on, read once: each node's
 * BGP addresses (without their length), AS, route-reflector cluster ID and labels; the cluster's AS,
 * mesh switch and listen ports. Nodes are kept sorted by name, so that every choice Calico leaves to
 * map order is made the same way on every run.
 */
final class ClusterView {
    static final long DEFAULT_AS = 64512;
    static final String GLOBAL_CONFIG = "default";
    static final String NODE_CONFIG_PREFIX = "node.";

    /** One node's BGP identity. Addresses and cluster ID are null when unset or unreadable. */
    record NodeInfo(String name, InterfaceAddress ipv4, InterfaceAddress ipv6, Long asNumber, IpAddress clusterId,
                    Map<String, String> labels) {
        /** The node's BGP address of that family, or null. */
        IpAddress address(boolean v6) {
            InterfaceAddress a = v6 ? ipv6 : ipv4;
            return a == null ? null : a.address();
        }

        /** True when {@code other} is in this node's subnet of its family (one hop away). */
        boolean sameSubnet(IpAddress other) {
            InterfaceAddress a = other.v6() ? ipv6 : ipv4;
            return a != null && a.sameSubnet(other);
        }

        /** The node has this address (either family). */
        boolean has(IpAddress ip) {
            return ip.equals(address(false)) || ip.equals(address(true));
        }
    }

    final Map<String, NodeInfo> nodes = new TreeMap<>();
    final long globalAs;
    final boolean meshEnabled;
    /** 0: not set. */
    final int globalListenPort;
    final Map<String, Integer> nodeListenPorts = new TreeMap<>();
    final BGPConfiguration global;
    final List<String> warnings;

    ClusterView(Collection<Node> nodeResources, Collection<BGPConfiguration> configs, List<String> warnings) {
        this.warnings = warnings;
        BGPConfiguration g = null;
        for (BGPConfiguration c : configs) {
            String name = c.metadata().name();
            if (GLOBAL_CONFIG.equals(name)) {
                g = c;
            } else if (name.startsWith(NODE_CONFIG_PREFIX) && c.spec() != null && c.spec().listenPort() != null
                    && c.spec().listenPort() != 0) {
                nodeListenPorts.put(name.substring(NODE_CONFIG_PREFIX.length()), c.spec().listenPort());
            }
        }
        this.global = g;
        BGPConfiguration.Spec gs = g == null ? null : g.spec();
        this.globalAs = gs != null && gs.asNumber() != null ? gs.asNumber() : DEFAULT_AS;
        this.meshEnabled = gs == null || gs.nodeToNodeMeshEnabled() == null || gs.nodeToNodeMeshEnabled();
        this.globalListenPort = gs != null && gs.listenPort() != null ? gs.listenPort() : 0;
        for (Node n : nodeResources) {
            String name = n.metadata().name();
            Node.BGP b = n.spec() == null ? null : n.spec().bgp();
            InterfaceAddress v4 = b == null ? null : address(name, "spec.bgp.ipv4Address", b.ipv4Address(), false);
            InterfaceAddress v6 = b == null ? null : address(name, "spec.bgp.ipv6Address", b.ipv6Address(), true);
            IpAddress cluster = null;
            if (b != null && b.routeReflectorClusterID() != null && !b.routeReflectorClusterID().isEmpty()) {
                try {
                    cluster = IpAddress.parse(b.routeReflectorClusterID());
                } catch (IllegalArgumentException e) {
                    warnings.add("Node " + name + ": spec.bgp.routeReflectorClusterID: " + e.getMessage() + "; taken as unset");
                }
            }
            nodes.put(name, new NodeInfo(name, v4, v6, b == null ? null : b.asNumber(), cluster, n.metadata().labelsOrEmpty()));
        }
    }

    private InterfaceAddress address(String node, String field, String text, boolean v6) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            InterfaceAddress a = InterfaceAddress.parse(text);
            if (a.v6() != v6) {
                warnings.add("Node " + node + ": " + field + ": '" + text + "' is of the other family; taken as unset");
                return null;
            }
            return a;
        } catch (IllegalArgumentException e) {
            warnings.add("Node " + node + ": " + field + ": " + e.getMessage() + "; taken as unset");
            return null;
        }
    }

    /** A node's AS: its own, else the cluster's. */
    long asOf(NodeInfo n) {
        return n.asNumber() != null ? n.asNumber() : globalAs;
    }

    /** The port a node listens on as Calico configures it: {@code node.<name>}, else {@code default}; 0 when neither says. */
    int configuredPortOf(String node) {
        Integer p = nodeListenPorts.get(node);
        return p != null ? p : globalListenPort;
    }

    /** Node names whose labels match, sorted; a selector that does not parse matches nothing (as in Calico). */
    List<String> matching(String selector, String owner) {
        Selector s;
        try {
            s = Selector.parse(selector);
        } catch (IllegalArgumentException e) {
            warnings.add(owner + ": " + e.getMessage() + "; it selects no node");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (s.matches(n.labels())) {
                out.add(n.name());
            }
        }
        return out;
    }

    /**
     * Calico's {@code nodesWithIPPortAndAS}: the nodes that a peering to {@code ip}, AS {@code as}
     * (0: the cluster's) and port (0: any) reaches. The port test keeps Calico's quirk: a node
     * whose own port matches is still left out when a different cluster-wide port is set.
     */
    List<String> nodesWithIpPortAndAs(IpAddress ip, long as, int port) {
        long wanted = as == 0 ? globalAs : as;
        List<String> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (!n.has(ip)) {
                continue;
            }
            if (asOf(n) != wanted) {
                continue;
            }
            if (port != 0) {
                Integer nodePort = nodeListenPorts.get(n.name());
                if (nodePort != null && nodePort != port) {
                    continue;
                } else if (globalListenPort != 0 && globalListenPort != port) {
                    continue;
                }
            }
            out.add(n.name());
        }
        return out;
    }

    boolean isNodeAddress(IpAddress ip) {
        return nodes.values().stream().anyMatch(n -> n.has(ip));
    }
}

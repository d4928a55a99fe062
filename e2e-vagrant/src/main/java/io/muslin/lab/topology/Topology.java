package io.muslin.lab.topology;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One lab: racks (subnets) joined by a core router, a top-of-rack router per rack, nodes per rack,
 * an etcd cluster, IP pools, pods per node and how the nodes peer. Both drivers (network
 * namespaces on one machine, Vagrant VMs) build the same topology from the same file; the
 * addresses every host gets follow from it ({@link #nodeAddress}, {@link #gateway}, ...), so
 * the drivers and the checks agree without a second source.
 *
 * @param name     the lab's name (the file's name without {@code .yaml})
 * @param peering  how the nodes exchange pod routes
 * @param asNumber the cluster's AS (BGPConfiguration {@code default}); in ToR peering each rack's
 *                 nodes take their rack's AS instead
 * @param podMode  how pods are attached: a veth made by the lab the way Calico's CNI does it, or
 *                 the real CNI plugin called as a container runtime calls it
 */
public record Topology(String name, Peering peering, long asNumber, PodMode podMode, Core core, Etcd etcd,
                       List<Pool> pools, List<Rack> racks) {

    public Topology {
        pools = List.copyOf(pools);
        racks = List.copyOf(racks);
    }

    /** The peering variants of Calico's BGP set-ups. */
    public enum Peering {
        /** Full node-to-node mesh, one cluster AS. */
        MESH("mesh"),
        /** Mesh off; every node peers with the route reflectors (nodes with {@code routeReflector: true}). */
        ROUTE_REFLECTORS("route-reflectors"),
        /** Mesh off; every node peers with its rack's router, one AS per rack (Calico's "AS per rack"). */
        TOR("tor");

        private final String text;

        Peering(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Optional<Peering> of(String text) {
            for (Peering p : values()) {
                if (p.text.equals(text)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** How pods get their interface. */
    public enum PodMode {
        VETH("veth"), CNI("cni");

        private final String text;

        PodMode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Optional<PodMode> of(String text) {
            for (PodMode p : values()) {
                if (p.text.equals(text)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** The router joining the racks: point-to-point /30 links to each ToR from {@code links}, the etcd hosts on {@code services}. */
    public record Core(long asNumber, IpPrefix links, IpPrefix services) {}

    /** The etcd cluster: 1 or 3 members on the core's services subnet. */
    public record Etcd(int members) {}

    /** An IPPool as Calico has it; modes {@code Never}, {@code CrossSubnet} or {@code Always}. */
    public record Pool(String name, IpPrefix cidr, int blockSize, String ipipMode, String vxlanMode) {}

    /** The rack's router: {@code bird} or {@code frr}, in its own AS. */
    public record Tor(String daemon, long asNumber) {}

    public record Rack(String name, IpPrefix subnet, Tor tor, List<Node> nodes) {
        public Rack {
            nodes = List.copyOf(nodes);
        }
    }

    /** A node (one agent) with {@code pods} pods; {@code routeReflector} makes it a reflector in that peering. */
    public record Node(String name, int pods, boolean routeReflector) {}

    /** A node with the rack it sits in. */
    public record Placed(Rack rack, Node node, int index) {
        public String name() {
            return node.name();
        }
    }

    /** The same lab with another peering variant (for a live switch). */
    public Topology withPeering(Peering other) {
        return new Topology(name, other, asNumber, podMode, core, etcd, pools, racks);
    }

    /** The same lab with {@code node} as a route reflector (null: unchanged). */
    public Topology withReflector(String node) {
        if (node == null) {
            return this;
        }
        List<Rack> rs = new ArrayList<>();
        for (Rack r : racks) {
            rs.add(new Rack(r.name(), r.subnet(), r.tor(), r.nodes().stream()
                    .map(n -> n.name().equals(node) ? new Node(n.name(), n.pods(), true) : n).toList()));
        }
        return new Topology(name, peering, asNumber, podMode, core, etcd, pools, rs);
    }

    /** Every node, rack by rack, in file order. */
    public List<Placed> nodes() {
        List<Placed> out = new ArrayList<>();
        for (Rack r : racks) {
            for (int i = 0; i < r.nodes().size(); i++) {
                out.add(new Placed(r, r.nodes().get(i), i));
            }
        }
        return out;
    }

    public Placed node(String name) {
        return nodes().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in topology " + this.name));
    }

    /** The rack's gateway (its ToR's address on the rack subnet): the subnet's first address. */
    public static IpAddress gateway(Rack rack) {
        return rack.subnet().addressAt(1);
    }

    /** A node's address on its rack subnet: the subnet's 11th address on (.11, .12, ...). */
    public static IpAddress nodeAddress(Placed node) {
        return node.rack().subnet().addressAt(11 + node.index());
    }

    /** The core's end of the link to rack number {@code rackIndex}. */
    public IpAddress coreLinkAddress(int rackIndex) {
        return core.links().addressAt(4L * rackIndex + 1);
    }

    /** The ToR's end of its link to the core. */
    public IpAddress torLinkAddress(int rackIndex) {
        return core.links().addressAt(4L * rackIndex + 2);
    }

    /** The core's address on the services subnet (the etcd hosts' gateway). */
    public IpAddress servicesGateway() {
        return core.services().addressAt(1);
    }

    /** etcd member {@code member} (1-based) on the services subnet. */
    public IpAddress etcdAddress(int member) {
        return core.services().addressAt(10 + member);
    }

    /** The etcd client URLs every agent is given. */
    public List<String> etcdEndpoints() {
        List<String> out = new ArrayList<>();
        for (int m = 1; m <= etcd.members(); m++) {
            out.add("http://" + etcdAddress(m) + ":2379");
        }
        return out;
    }

    /** The AS a node speaks: its rack's in ToR peering, the cluster's otherwise. */
    public long nodeAs(Placed node) {
        return peering == Peering.TOR ? node.rack().tor().asNumber() : asNumber;
    }

    public int rackIndex(Rack rack) {
        return racks.indexOf(rack);
    }

    public int podCount() {
        return racks.stream().flatMap(r -> r.nodes().stream()).mapToInt(Node::pods).sum();
    }
}

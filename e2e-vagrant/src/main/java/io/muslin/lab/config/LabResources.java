package io.muslin.lab.config;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resource;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.Topology.Pool;
import io.muslin.lab.topology.Topology.Rack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The datastore resources a lab starts with, as Calico users write them: the IP pools, the
 * cluster's BGPConfiguration (mesh on or off, the cluster AS), the Nodes with their rack label (and
 * the route reflectors' cluster ID and label), and the BGPPeers of the peering variant. The agents
 * fill in the rest (node addresses, blocks).
 */
public final class LabResources {
    /** Calico's documented cluster ID for route reflectors. */
    public static final String RR_CLUSTER_ID = "244.0.0.1";

    private LabResources() {
    }

    public static List<Resource> of(Topology t) {
        List<Resource> out = new ArrayList<>();
        for (Pool p : t.pools()) {
            out.add(new IPPool(ObjectMeta.named(p.name()), new IPPool.Spec(p.cidr().toString(), p.blockSize(), p.ipipMode(),
                    p.vxlanMode(), false, false, false, "all()")));
        }
        out.add(bgpConfiguration(t.peering(), t.asNumber()));
        for (Placed n : t.nodes()) {
            out.add(node(t, n, t.peering() == Peering.ROUTE_REFLECTORS && n.node().routeReflector()));
        }
        out.addAll(peers(t, t.peering()));
        return out;
    }

    public static BGPConfiguration bgpConfiguration(Peering peering, long clusterAs) {
        return new BGPConfiguration(ObjectMeta.named("default"), new BGPConfiguration.Spec(null, peering == Peering.MESH,
                clusterAs, null, null, null, null, null, null, null));
    }

    /** A node's resource before its agent fills it: labels ({@code rack}, {@code route-reflector}) and the reflector's cluster ID. */
    public static Node node(Topology t, Placed n, boolean reflector) {
        Map<String, String> labels = reflector ? Map.of("rack", n.rack().name(), "route-reflector", "true")
                : Map.of("rack", n.rack().name());
        Node.BGP bgp = new Node.BGP(t.peering() == Peering.TOR ? t.nodeAs(n) : null, null, null, null,
                reflector ? RR_CLUSTER_ID : null);
        return new Node(ObjectMeta.named(n.name()).withLabels(labels), new Node.Spec(bgp, null, null, null));
    }

    /** The BGPPeers of a peering variant: none for the mesh; every node to the reflectors; each rack's nodes to their router. */
    public static List<BGPPeer> peers(Topology t, Peering peering) {
        List<BGPPeer> out = new ArrayList<>();
        switch (peering) {
            case MESH -> {
            }
            case ROUTE_REFLECTORS -> out.add(new BGPPeer(ObjectMeta.named("peer-with-route-reflectors"),
                    new BGPPeer.Spec(null, null, null, "all()", "route-reflector == 'true'", null, null, null, null, null, null,
                            null)));
            case TOR -> {
                for (Rack r : t.racks()) {
                    out.add(new BGPPeer(ObjectMeta.named("tor-" + r.name()), new BGPPeer.Spec(null, Topology.gateway(r).toString(),
                            r.tor().asNumber(), "rack == '" + r.name() + "'", null, null, null, null, null, null, null, null)));
                }
            }
        }
        return out;
    }
}

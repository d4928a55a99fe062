package io.muslin.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.lab.config.LabResources;
import io.muslin.lab.driver.LabState;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The peering switched live, mesh → route reflector → ToR, by datastore changes alone (and the
 * racks' routers taking their new configuration: BIRD {@code configure}, FRR {@code vtysh -f}): after each step every node has exactly the
 * sessions of the new variant, all Established, every pod pair is reached on the path the variant
 * calls for (route and capture), and no agent was restarted (same PIDs throughout).
 */
public final class PeeringSwitchScenario implements Scenario {
    @Override
    public String name() {
        return "peering-switch";
    }

    @Override
    public boolean appliesTo(Topology t) {
        return t.peering() == Peering.MESH;
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        Topology mesh = lab.topology();
        Map<String, Long> pids = agentPids(lab);
        step(lab, mesh, report);

        // The reflector: the nodes marked so, else the last node (another rack than the first).
        Topology rr = mesh.withPeering(Peering.ROUTE_REFLECTORS);
        boolean marked = rr.nodes().stream().anyMatch(n -> n.node().routeReflector());
        Placed last = rr.nodes().get(rr.nodes().size() - 1);
        rr = rr.withReflector(marked ? null : last.name());
        for (Placed n : rr.nodes()) {
            if (n.node().routeReflector()) {
                updateNode(lab, n.name(), null, LabResources.RR_CLUSTER_ID, true);
            }
        }
        lab.etcd().apply(LabResources.peers(rr, Peering.ROUTE_REFLECTORS));
        lab.etcd().apply(List.of(LabResources.bgpConfiguration(Peering.ROUTE_REFLECTORS, mesh.asNumber())));
        report.note("switched to route reflectors");
        step(lab, rr, report);

        Topology tor = rr.withPeering(Peering.TOR);
        lab.reconfigureRouters(tor);
        for (Placed n : tor.nodes()) {
            updateNode(lab, n.name(), n.rack().tor().asNumber(), null, false);
        }
        for (BGPPeer p : LabResources.peers(rr, Peering.ROUTE_REFLECTORS)) {
            lab.etcd().delete(p);
        }
        lab.etcd().apply(LabResources.peers(tor, Peering.TOR));
        lab.etcd().apply(List.of(LabResources.bgpConfiguration(Peering.TOR, mesh.asNumber())));
        report.note("switched to ToR peering (each rack's nodes in the rack's AS)");
        step(lab, tor, report);

        report.check(agentPids(lab).equals(pids), "no agent restarted: PIDs " + agentPids(lab) + " = " + pids);
    }

    /** Waits for the variant's sessions on every node, then checks them and the paths. */
    private static void step(NetnsLab lab, Topology variant, Report report) {
        String what = variant.peering().text();
        RestartScenario.waitQuietly(Duration.ofSeconds(90), "every node to have its " + what + " sessions Established",
                () -> variant.nodes().stream().allMatch(n -> established(lab, n).equals(ApiScenario.expectedPeers(variant, n))), report);
        for (Placed n : variant.nodes()) {
            Set<String> got = established(lab, n);
            Set<String> want = ApiScenario.expectedPeers(variant, n);
            report.check(got.equals(want), what + ": " + n.name() + " has Established sessions with " + got + " = " + want);
        }
        Report paths = new Report("paths");
        // Routes follow the sessions within a moment; give the kernel a few seconds before the matrix.
        RestartScenario.sleep(3000);
        new PathsScenario().run(lab.withTopology(variant), paths);
        report.check(paths.passed(), what + ": every pod pair on its path" + (paths.passed() ? "" : ": " + paths.failures()));
    }

    private static Set<String> established(NetnsLab lab, Placed n) {
        Set<String> out = new HashSet<>();
        Optional<JsonNode> s = lab.agents().status(n.name());
        s.ifPresent(j -> j.path("peers").forEach(p -> {
            if (p.path("state").asText().equalsIgnoreCase("Established")) {
                out.add(p.path("address").asText());
            }
        }));
        return out;
    }

    /** Read-modify-write of a Node: the AS, the cluster ID and the route-reflector label, the agent's fields kept. */
    private static void updateNode(NetnsLab lab, String name, Long as, String clusterId, boolean reflector) {
        String key = new ResourceStore(null).key(Node.class, null, name);
        List<String> got = lab.etcd().getPrefix(key);
        Node n = Resources.fromJson(got.get(1).getBytes(StandardCharsets.UTF_8), Node.class);
        Node.BGP b = n.spec().bgp();
        Map<String, String> labels = new HashMap<>(n.metadata().labels() == null ? Map.of() : n.metadata().labels());
        if (reflector) {
            labels.put("route-reflector", "true");
        } else {
            labels.remove("route-reflector");
        }
        ObjectMeta m = n.metadata();
        Node updated = new Node(new ObjectMeta(m.name(), m.namespace(), labels, m.annotations(), null),
                new Node.Spec(new Node.BGP(as, b.ipv4Address(), b.ipv6Address(), b.ipv4IPIPTunnelAddr(), clusterId),
                        n.spec().ipv4VXLANTunnelAddr(), n.spec().ipv6VXLANTunnelAddr(), n.spec().vxlanTunnelMACAddr()));
        lab.etcd().apply(List.of(updated));
    }

    private static Map<String, Long> agentPids(NetnsLab lab) {
        Map<String, Long> out = new HashMap<>();
        for (LabState.Started s : lab.state().processes()) {
            if (s.role().startsWith("agent-")) {
                out.put(s.role(), s.pid());
            }
        }
        return out;
    }
}

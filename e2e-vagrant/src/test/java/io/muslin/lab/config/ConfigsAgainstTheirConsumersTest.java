package io.muslin.lab.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.config.AgentConfigReader;
import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.PeerCalculator;
import io.muslin.agent.peers.PeerRole;
import io.muslin.agent.peers.PeerSet;
import io.muslin.agent.peers.Secrets;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resource;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.TopologyReader;
import io.muslin.net.IpAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent configurations and datastore resources the lab writes, read by their real consumers:
 * the agent's own configuration reader, the datastore's validation, and the agent's peer
 * computation (Calico's rules), which must give each peering variant the sessions it is meant to have.
 */
class ConfigsAgainstTheirConsumersTest {
    private static Topology topology(String name) {
        return TopologyReader.read(Path.of("topologies", name + ".yaml"));
    }

    @Test
    void theAgentReadsEveryNodesConfiguration() throws Exception {
        for (String name : List.of("two-racks-mesh", "two-racks-tor", "two-racks-rr")) {
            Topology t = topology(name);
            for (Topology.Placed n : t.nodes()) {
                AgentConfig c = new AgentConfigReader(Map.of(), () -> "wrong-host").parse(AgentConfigs.agentYaml(t, n, "/run/lab/" + n.name()));
                assertThat(c.nodeName()).isEqualTo(n.name());
                assertThat(c.datastore().describe()).contains(t.etcdEndpoints().get(0));
                assertThat(c.nodeAddress().ipv4().toString()).contains(Topology.nodeAddress(n).toString());
                assertThat(c.bgp().holdTime()).isEqualTo(AgentConfigs.HOLD_TIME);
                assertThat(c.bgp().gracefulRestartTime()).isEqualTo(AgentConfigs.GRACEFUL_RESTART_TIME);
                assertThat(c.http().port()).isEqualTo(AgentConfigs.HTTP_PORT);
                assertThat(c.stateDir().toString()).isEqualTo("/run/lab/" + n.name());
                if (name.equals("two-racks-tor")) {
                    assertThat(c.bgp().asNumber().getAsLong()).isEqualTo(n.rack().tor().asNumber());
                } else {
                    assertThat(c.bgp().asNumber()).isEmpty();
                }
            }
        }
    }

    @Test
    void everyResourceIsValid() {
        for (String name : List.of("two-racks-mesh", "two-racks-tor", "two-racks-rr", "two-racks-vxlan", "two-racks-ipip")) {
            for (Resource r : LabResources.of(topology(name))) {
                r.requireValid();
            }
        }
    }

    @Test
    void meshPeersEveryNodeWithEveryOther() {
        Map<String, List<String>> s = sessions(topology("two-racks-mesh"));
        assertThat(s).containsEntry("node1", List.of("10.10.1.12 AS64512 PEER", "10.10.2.11 AS64512 PEER"))
                .containsEntry("node3", List.of("10.10.1.11 AS64512 PEER", "10.10.1.12 AS64512 PEER"));
    }

    @Test
    void routeReflectorsTakeEveryOtherNodeAsClient() {
        Map<String, List<String>> s = sessions(topology("two-racks-rr"));
        assertThat(s).containsEntry("node1", List.of("10.10.2.11 AS64512 ROUTE_REFLECTOR"))
                .containsEntry("node2", List.of("10.10.2.11 AS64512 ROUTE_REFLECTOR"))
                .containsEntry("node3", List.of("10.10.1.11 AS64512 ROUTE_REFLECTOR_CLIENT", "10.10.1.12 AS64512 ROUTE_REFLECTOR_CLIENT"));
    }

    @Test
    void torPeeringGivesEachNodeItsRacksRouterInTheRacksAs() {
        Map<String, List<String>> s = sessions(topology("two-racks-tor"));
        assertThat(s).containsEntry("node1", List.of("10.10.1.1 AS65001 PEER"))
                .containsEntry("node2", List.of("10.10.1.1 AS65001 PEER"))
                .containsEntry("node3", List.of("10.10.2.1 AS65002 PEER"));
    }

    /** Each node's sessions as the agent computes them once the agents have filled in their addresses. */
    private static Map<String, List<String>> sessions(Topology t) {
        List<Resource> all = LabResources.of(t);
        List<Node> nodes = all.stream().filter(Node.class::isInstance).map(Node.class::cast).map(n -> withAddress(t, n)).toList();
        List<BGPPeer> peers = all.stream().filter(BGPPeer.class::isInstance).map(BGPPeer.class::cast).toList();
        List<BGPConfiguration> configs = all.stream().filter(BGPConfiguration.class::isInstance).map(BGPConfiguration.class::cast).toList();
        return t.nodes().stream().collect(Collectors.toMap(Topology.Placed::name, n -> {
            PeerSet set = PeerCalculator.compute(n.name(), nodes, peers, configs, Secrets.none());
            assertThat(set.warnings()).isEmpty();
            return set.peers().stream().map(ConfigsAgainstTheirConsumersTest::describe).sorted().toList();
        }));
    }

    private static String describe(DesiredPeer p) {
        PeerRole role = p.role();
        return p.address() + " AS" + p.asNumber() + " " + role;
    }

    private static Node withAddress(Topology t, Node n) {
        IpAddress a = Topology.nodeAddress(t.node(n.metadata().name()));
        Node.BGP b = n.spec().bgp();
        return new Node(n.metadata(), new Node.Spec(new Node.BGP(b.asNumber(), a + "/24", null, null, b.routeReflectorClusterID()),
                null, null, null));
    }
}

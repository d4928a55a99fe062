package io.muslin.agent.peers;

import static io.muslin.agent.peers.Cluster.lines;
import static io.muslin.agent.peers.Cluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.model.BGPPeer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calico's peering rules, each with a cluster small enough that the expected sessions can be worked
 * out by hand from Calico's documentation and confd's code (the expectations below are those hand
 * results, never the output of the code under test).
 */
class PeerCalculatorTest {

    private static Cluster threeNodes() {
        return new Cluster().node("a", "10.0.0.1/24").node("b", "10.0.0.2/24").node("c", "10.0.0.3/24");
    }

    @Test
    void withoutAnyConfigurationEveryNodeMeshesWithTheOthersInAs64512() {
        Cluster k = threeNodes();
        PeerSet a = k.on("a");
        assertThat(a.asNumber()).isEqualTo(64512);
        assertThat(a.meshEnabled()).isTrue();
        assertThat(a.listenPort()).isEqualTo(179);
        // a has the lowest address: it connects to nobody, the others connect to it.
        assertThat(lines(a)).containsExactly(
                "Mesh_10_0_0_2 10.0.0.2:179 AS64512 MESH PEER passive",
                "Mesh_10_0_0_3 10.0.0.3:179 AS64512 MESH PEER passive");
        assertThat(lines(k.on("c"))).containsExactly(
                "Mesh_10_0_0_1 10.0.0.1:179 AS64512 MESH PEER",
                "Mesh_10_0_0_2 10.0.0.2:179 AS64512 MESH PEER");
        DesiredPeer p = a.peers().getFirst();
        assertThat(p.sourceAddress()).hasValueSatisfying(s -> assertThat(s).hasToString("10.0.0.1"));
        assertThat(p.peerNode()).contains("b");
        assertThat(p.resource()).isEmpty();
        assertThat(p.description()).isEqualTo("node-to-node mesh with b");
        assertThat(p.ttlSecurity()).isZero();
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void theMeshPassiveSideIsChosenByComparingAddressesAsTextLikeCalico() {
        // "10.0.0.9" > "10.0.0.10" as text, so .10 waits for .9: exactly one side of the pair is passive.
        Cluster k = new Cluster().node("x", "10.0.0.10/24").node("y", "10.0.0.9/24");
        assertThat(lines(k.on("x"))).containsExactly("Mesh_10_0_0_9 10.0.0.9:179 AS64512 MESH PEER passive");
        assertThat(lines(k.on("y"))).containsExactly("Mesh_10_0_0_10 10.0.0.10:179 AS64512 MESH PEER");
    }

    @Test
    void meshOffMeansNoPeersWithoutBgpPeers() {
        PeerSet a = threeNodes().meshOff().on("a");
        assertThat(a.meshEnabled()).isFalse();
        assertThat(a.peers()).isEmpty();
    }

    @Test
    void nodesWithoutABgpAddressAreLeftOut() {
        Cluster k = threeNodes().node("d", null);
        assertThat(lines(k.on("a"))).extracting(l -> l.split(" ")[0]).containsExactly("Mesh_10_0_0_2", "Mesh_10_0_0_3");
        assertThat(k.on("d").peers()).isEmpty();
    }

    @Test
    void aNodesOwnAsWinsOverTheClusterAs() {
        Cluster k = new Cluster().node("a", "10.0.0.1/24").node("b", "10.0.0.2/24", null, 65002L, null, Map.of())
                .config("default", 65000L, null, null, null);
        PeerSet a = k.on("a");
        assertThat(a.asNumber()).isEqualTo(65000);
        assertThat(lines(a)).containsExactly("Mesh_10_0_0_2 10.0.0.2:179 AS65002 MESH PEER passive");
        assertThat(k.on("b").asNumber()).isEqualTo(65002);
        assertThat(lines(k.on("b"))).containsExactly("Mesh_10_0_0_1 10.0.0.1:179 AS65000 MESH PEER");
    }

    @Test
    void aGlobalPeerIsOnEveryNode() {
        Cluster k = threeNodes().peer("tor", spec(null, null, "10.1.0.1", 65100L, null));
        for (String n : List.of("a", "b", "c")) {
            assertThat(lines(k.on(n))).contains("Global_10_1_0_1 10.1.0.1:179 AS65100 GLOBAL PEER");
        }
        DesiredPeer tor = k.on("b").peers().getFirst();
        assertThat(tor.name()).isEqualTo("Global_10_1_0_1");
        assertThat(tor.sourceAddress()).hasValueSatisfying(s -> assertThat(s).hasToString("10.0.0.2"));
        assertThat(tor.resource()).contains("tor");
        assertThat(tor.peerNode()).isEmpty();
        assertThat(tor.description()).isEqualTo("global peering with 10.1.0.1 (BGPPeer tor)");
    }

    @Test
    void aPortInPeerIpGoesIntoTheNameAndTheSession() {
        Cluster k = threeNodes().meshOff().peer("tor", spec(null, null, "10.1.0.1:1790", 65100L, null))
                .peer("tor6", spec(null, null, "[fd00::99]:1791", 65100L, null));
        assertThat(lines(k.on("a"))).containsExactly("Global_10_1_0_1_port_1790 10.1.0.1:1790 AS65100 GLOBAL PEER");
        k.node("v6", "10.0.0.9/24", "fd00::9/64", null, null, Map.of());
        assertThat(lines(k.on("v6"))).containsExactly(
                "Global_10_1_0_1_port_1790 10.1.0.1:1790 AS65100 GLOBAL PEER",
                "Global_fd00__99_port_1791 fd00::99:1791 AS65100 GLOBAL PEER");
    }

    @Test
    void aNodeSpecificPeerIsOnlyOnThatNode() {
        Cluster k = threeNodes().meshOff().peer("tor-a", spec("a", null, "10.1.0.2", 65100L, null));
        assertThat(lines(k.on("a"))).containsExactly("Node_10_1_0_2 10.1.0.2:179 AS65100 NODE PEER");
        assertThat(k.on("b").peers()).isEmpty();
        assertThat(k.on("a").peers().getFirst().description()).isEqualTo("node-specific peering with 10.1.0.2 (BGPPeer tor-a)");
    }

    @Test
    void aNodeSelectorWithPeerIpPeersTheSelectedNodesWithOneRouter() {
        Cluster k = new Cluster().node("a", "10.0.0.1/24", null, null, null, Map.of("rack", "r1"))
                .node("b", "10.0.0.2/24", null, null, null, Map.of("rack", "r1"))
                .node("c", "10.0.1.3/24", null, null, null, Map.of("rack", "r2"))
                .meshOff().peer("rack1-tor", spec(null, "rack == 'r1'", "10.0.0.254", 65101L, null))
                .peer("rack2-tor", spec(null, "rack == 'r2'", "10.0.1.254", 65102L, null));
        assertThat(lines(k.on("a"))).containsExactly("Node_10_0_0_254 10.0.0.254:179 AS65101 NODE PEER");
        assertThat(lines(k.on("b"))).containsExactly("Node_10_0_0_254 10.0.0.254:179 AS65101 NODE PEER");
        assertThat(lines(k.on("c"))).containsExactly("Node_10_0_1_254 10.0.1.254:179 AS65102 NODE PEER");
    }

    /** Two route reflectors (one cluster) and two clients, the layout of Calico's route reflector guide. */
    private static Cluster routeReflectors(boolean mesh) {
        Cluster k = new Cluster()
                .node("a", "10.0.0.1/24")
                .node("b", "10.0.0.2/24")
                .node("rr1", "10.0.1.1/24", null, null, "224.0.0.1", Map.of("route-reflector", "true"))
                .node("rr2", "10.0.1.2/24", null, null, "224.0.0.1", Map.of("route-reflector", "true"))
                .peer("peer-with-route-reflectors", spec(null, "all()", null, null, "route-reflector == 'true'"));
        return mesh ? k : k.meshOff();
    }

    @Test
    void clientsPeerWithTheRouteReflectorsAndTheReflectorsWithEachOtherAndTheirClients() {
        Cluster k = routeReflectors(false);
        assertThat(lines(k.on("a"))).containsExactly(
                "Node_10_0_1_1 10.0.1.1:179 AS64512 NODE ROUTE_REFLECTOR",
                "Node_10_0_1_2 10.0.1.2:179 AS64512 NODE ROUTE_REFLECTOR");
        PeerSet rr1 = k.on("rr1");
        assertThat(rr1.clusterId()).hasValueSatisfying(c -> assertThat(c).hasToString("224.0.0.1"));
        // rr2 is in rr1's own cluster: an ordinary iBGP peer. The clients come from the reverse peerings.
        assertThat(lines(rr1)).containsExactly(
                "Node_10_0_0_1 10.0.0.1:179 AS64512 NODE ROUTE_REFLECTOR_CLIENT",
                "Node_10_0_0_2 10.0.0.2:179 AS64512 NODE ROUTE_REFLECTOR_CLIENT",
                "Node_10_0_1_2 10.0.1.2:179 AS64512 NODE PEER");
        assertThat(rr1.peers().getFirst().routeReflectorClient()).isTrue();
        assertThat(rr1.peers().getFirst().description())
                .isEqualTo("node-specific peering with node a (reverse of BGPPeer peer-with-route-reflectors), our route-reflector client");
        assertThat(k.on("a").peers().getFirst().description())
                .isEqualTo("node-specific peering with node rr1 (BGPPeer peer-with-route-reflectors), our route reflector (cluster 224.0.0.1)");
    }

    @Test
    void routeReflectorsStayOutOfTheMesh() {
        Cluster k = routeReflectors(true);
        // a still meshes with b; rr1 and rr2 are left out of everybody's mesh, and mesh nothing themselves.
        assertThat(lines(k.on("a"))).containsExactly(
                "Mesh_10_0_0_2 10.0.0.2:179 AS64512 MESH PEER passive",
                "Node_10_0_1_1 10.0.1.1:179 AS64512 NODE ROUTE_REFLECTOR",
                "Node_10_0_1_2 10.0.1.2:179 AS64512 NODE ROUTE_REFLECTOR");
        assertThat(lines(k.on("rr2"))).containsExactly(
                "Node_10_0_0_1 10.0.0.1:179 AS64512 NODE ROUTE_REFLECTOR_CLIENT",
                "Node_10_0_0_2 10.0.0.2:179 AS64512 NODE ROUTE_REFLECTOR_CLIENT",
                "Node_10_0_1_1 10.0.1.1:179 AS64512 NODE PEER");
    }

    @Test
    void aGlobalPeerSelectorPeersEveryNodeWithTheSelectedOnesAndTheReverseFillsInTheOtherSide() {
        Cluster k = new Cluster().node("a", "10.0.0.1/24").node("b", "10.0.0.2/24")
                .node("rr1", "10.0.1.1/24", null, null, "224.0.0.1", Map.of("route-reflector", "true"))
                .node("rr2", "10.0.1.2/24", null, null, "224.0.0.1", Map.of("route-reflector", "true"))
                .meshOff().peer("to-rr", spec(null, null, null, null, "has(route-reflector)"));
        assertThat(lines(k.on("a"))).containsExactly(
                "Global_10_0_1_1 10.0.1.1:179 AS64512 GLOBAL ROUTE_REFLECTOR",
                "Global_10_0_1_2 10.0.1.2:179 AS64512 GLOBAL ROUTE_REFLECTOR");
        // For rr1 the key of rr2 is already global, so the reverse adds only the clients.
        assertThat(lines(k.on("rr1"))).containsExactly(
                "Global_10_0_1_2 10.0.1.2:179 AS64512 GLOBAL PEER",
                "Node_10_0_0_1 10.0.0.1:179 AS64512 NODE ROUTE_REFLECTOR_CLIENT",
                "Node_10_0_0_2 10.0.0.2:179 AS64512 NODE ROUTE_REFLECTOR_CLIENT");
    }

    @Test
    void aRouteReflectorTakesAnExternalRouterOfItsOwnAsAsAClient() {
        Cluster k = routeReflectors(false).peer("tor", spec(null, null, "10.1.0.1", 64512L, null));
        assertThat(lines(k.on("rr1"))).contains("Global_10_1_0_1 10.1.0.1:179 AS64512 GLOBAL ROUTE_REFLECTOR_CLIENT");
        assertThat(lines(k.on("a"))).contains("Global_10_1_0_1 10.1.0.1:179 AS64512 GLOBAL PEER");
    }

    @Test
    void aGlobalPeerToANodeAddressIsSkippedThereAndReversedFromThere() {
        // Every node peers with a at 10.0.0.1; a does not peer with itself but, as a is the target,
        // gets node-specific peerings back to every node (Calico's automatic reverse peering).
        Cluster k = threeNodes().meshOff().peer("to-a", spec(null, null, "10.0.0.1", 64512L, null));
        assertThat(lines(k.on("a"))).containsExactly(
                "Node_10_0_0_2 10.0.0.2:179 AS64512 NODE PEER",
                "Node_10_0_0_3 10.0.0.3:179 AS64512 NODE PEER");
        // b's peer is a Calico node with a lower address: b connects, so not passive; a's side is active too
        // (Calico makes only global peerings to nodes passive).
        assertThat(lines(k.on("b"))).containsExactly("Global_10_0_0_1 10.0.0.1:179 AS64512 GLOBAL PEER");
        assertThat(k.on("a").peers().getFirst().description()).isEqualTo("node-specific peering with node b (reverse of BGPPeer to-a)");
    }

    @Test
    void aGlobalPeerToANodeWithAHigherAddressIsPassive() {
        Cluster k = threeNodes().meshOff().peer("to-c", spec(null, null, "10.0.0.3", 64512L, null));
        assertThat(lines(k.on("a"))).containsExactly("Global_10_0_0_3 10.0.0.3:179 AS64512 GLOBAL PEER passive");
    }

    @Test
    void noReverseWhenTheAsDoesNotMatchTheNode() {
        Cluster k = threeNodes().meshOff().peer("to-a", spec(null, null, "10.0.0.1", 65555L, null));
        assertThat(k.on("a").peers()).isEmpty();
        assertThat(lines(k.on("b"))).containsExactly("Global_10_0_0_1 10.0.0.1:179 AS65555 GLOBAL PEER");
    }

    @Test
    void twoGlobalPeersForOneAddressTheFirstByNameWins() {
        Cluster k = threeNodes().meshOff().peer("beta", spec(null, null, "10.1.0.1", 65002L, null))
                .peer("alpha", spec(null, null, "10.1.0.1", 65001L, null));
        PeerSet a = k.on("a");
        assertThat(lines(a)).containsExactly("Global_10_1_0_1 10.1.0.1:179 AS65001 GLOBAL PEER");
        assertThat(a.peers().getFirst().resource()).contains("alpha");
    }

    @Test
    void aGlobalPeeringBeatsANodeSpecificOneForTheSameAddress() {
        Cluster k = threeNodes().meshOff().peer("aaa-node", spec("a", null, "10.1.0.1", 65009L, null))
                .peer("zzz-global", spec(null, null, "10.1.0.1", 65100L, null));
        PeerSet a = k.on("a");
        assertThat(lines(a)).containsExactly("Global_10_1_0_1 10.1.0.1:179 AS65100 GLOBAL PEER");
        assertThat(a.peers().getFirst().resource()).contains("zzz-global");
    }

    @Test
    void anExplicitPeeringBeatsAReverseOne() {
        // b-to-a asks b to peer with a using AS 64512; the reverse of "a-to-b" would give b a key for a
        // as well, but explicit peerings are made first.
        Cluster k = threeNodes().meshOff()
                .peer("a-to-b", spec("a", null, "10.0.0.2", 64512L, null))
                .peer("b-to-a", spec("b", null, "10.0.0.1", 64512L, null));
        PeerSet b = k.on("b");
        assertThat(lines(b)).containsExactly("Node_10_0_0_1 10.0.0.1:179 AS64512 NODE PEER");
        assertThat(b.peers().getFirst().resource()).contains("b-to-a");
        assertThat(b.peers().getFirst().description()).isEqualTo("node-specific peering with node a (BGPPeer b-to-a)");
    }

    @Test
    void aMeshAndAnExplicitPeeringToOneAddressKeepTheFirstByNameAndSayWhy() {
        Cluster k = threeNodes().peer("everyone", spec(null, null, null, null, "all()"));
        PeerSet a = k.on("a");
        assertThat(lines(a)).containsExactly(
                "Global_10_0_0_2 10.0.0.2:179 AS64512 GLOBAL PEER",
                "Global_10_0_0_3 10.0.0.3:179 AS64512 GLOBAL PEER");
        assertThat(a.warnings()).containsExactly(
                "Mesh_10_0_0_2 (node-to-node mesh with b) dropped: Global_10_0_0_2 already peers with 10.0.0.2",
                "Mesh_10_0_0_3 (node-to-node mesh with c) dropped: Global_10_0_0_3 already peers with 10.0.0.3");
    }

    @Test
    void ipv4AndIpv6AreComputedEachWithItsOwnAddress() {
        Cluster k = new Cluster().node("a", "10.0.0.1/24", "fd00::1/64", null, null, Map.of())
                .node("b", "10.0.0.2/24", "fd00::2/64", null, null, Map.of())
                .node("c", "10.0.0.3/24");
        PeerSet a = k.on("a");
        assertThat(lines(a)).containsExactly(
                "Mesh_10_0_0_2 10.0.0.2:179 AS64512 MESH PEER passive",
                "Mesh_10_0_0_3 10.0.0.3:179 AS64512 MESH PEER passive",
                "Mesh_fd00__2 fd00::2:179 AS64512 MESH PEER passive");
        assertThat(a.peers().get(2).sourceAddress()).hasValueSatisfying(s -> assertThat(s).hasToString("fd00::1"));
        assertThat(lines(k.on("c"))).containsExactly(
                "Mesh_10_0_0_1 10.0.0.1:179 AS64512 MESH PEER",
                "Mesh_10_0_0_2 10.0.0.2:179 AS64512 MESH PEER");
        assertThat(lines(k.on("b"))).contains("Mesh_fd00__1 fd00::1:179 AS64512 MESH PEER");
    }

    @Test
    void listenPortsComeFromTheNodesOwnConfigurationElseTheClusters() {
        Cluster k = threeNodes().config("default", null, null, 1790, null).config("node.b", null, null, 1791, null);
        PeerSet a = k.on("a");
        assertThat(a.listenPort()).isEqualTo(1790);
        assertThat(k.on("b").listenPort()).isEqualTo(1791);
        assertThat(lines(a)).containsExactly(
                "Mesh_10_0_0_2 10.0.0.2:1791 AS64512 MESH PEER passive",
                "Mesh_10_0_0_3 10.0.0.3:1790 AS64512 MESH PEER passive");
    }

    @Test
    void aPeerIpThatIsANodeTakesTheNodesListenPort() {
        Cluster k = threeNodes().config("default", null, false, 1790, null).config("node.b", null, null, 1791, null)
                .peer("c-to-b", spec("c", null, "10.0.0.2", 64512L, null));
        assertThat(lines(k.on("c"))).containsExactly("Node_10_0_0_2_port_1791 10.0.0.2:1791 AS64512 NODE PEER");
        // ... and b gets the reverse peering to c, at c's port (the cluster's).
        assertThat(lines(k.on("b"))).containsExactly("Node_10_0_0_3_port_1790 10.0.0.3:1790 AS64512 NODE PEER");
    }

    @Test
    void sessionSettingsComeFromTheBgpPeer() {
        BGPPeer.Spec s = new BGPPeer.Spec(null, "10.1.0.1", 65100L, null, null,
                new BGPPeer.Password(new BGPPeer.SecretKeyRef("bgp-secrets", "tor")), true, null, "2m30s", 1,
                List.of("only-pods", "no-default"), "None");
        Cluster k = threeNodes().meshOff().peer("tor", s);
        k.secrets.put("bgp-secrets/tor", "s3cret");
        DesiredPeer p = k.on("a").peers().getFirst();
        assertThat(p.password()).contains("s3cret");
        assertThat(p.nextHopMode()).isEqualTo(NextHopMode.KEEP);
        assertThat(p.maxRestartTime()).contains(Duration.ofSeconds(150));
        assertThat(p.ttlSecurity()).isEqualTo(1);
        assertThat(p.filters()).containsExactly("only-pods", "no-default");
        assertThat(p.sourceAddress()).isEmpty();
        assertThat(p.toString()).doesNotContain("s3cret");
    }

    @Test
    void bfdComesFromTheBgpPeerAndOnlyForItsPeers() {
        BGPPeer.Bfd bfd = new BGPPeer.Bfd(null, 100, 5, null);
        Cluster k = threeNodes().peer("tor", new BGPPeer.Spec(null, "10.1.0.1", 65100L, null, null, null, null, null, null,
                null, null, null, bfd)).peer("tor2", Cluster.spec(null, null, "10.1.0.2", 65100L, null));
        List<DesiredPeer> ps = k.on("a").peers();
        assertThat(ps).filteredOn(p -> p.address().toString().equals("10.1.0.1")).singleElement()
                .satisfies(p -> assertThat(p.bfd()).contains(bfd));
        assertThat(ps).filteredOn(p -> !p.address().toString().equals("10.1.0.1"))
                .allSatisfy(p -> assertThat(p.bfd()).as(p.name()).isEmpty());
    }

    @Test
    void meshBfdFromTheDefaultConfigurationSingleHopInTheSubnetAndMultihopAcrossIt() {
        // a and b share 10.0.0.0/24; c is in another subnet (reached through a router).
        Cluster k = new Cluster().node("a", "10.0.0.1/24").node("b", "10.0.0.2/24").node("c", "10.0.9.3/24")
                .peer("tor", Cluster.spec(null, null, "10.1.0.1", 65100L, null))
                .meshBfd(new BGPPeer.Bfd(200, 200, 4, null));
        List<DesiredPeer> ps = k.on("a").peers();
        assertThat(ps).filteredOn(p -> p.kind() == PeerKind.MESH).extracting(p -> p.address() + " " + p.bfd().orElseThrow())
                .containsExactly("10.0.0.2 Bfd[minRxMs=200, minTxMs=200, multiplier=4, multihop=false]",
                        "10.0.9.3 Bfd[minRxMs=200, minTxMs=200, multiplier=4, multihop=true]");
        assertThat(ps).filteredOn(p -> p.kind() != PeerKind.MESH).singleElement()
                .satisfies(p -> assertThat(p.bfd()).as("a BGPPeer without bfd").isEmpty());
        // Said explicitly, multihop is taken as written for every mesh peer.
        BGPPeer.Bfd always = new BGPPeer.Bfd(null, null, null, true);
        assertThat(new Cluster().node("a", "10.0.0.1/24").node("b", "10.0.0.2/24").meshBfd(always).on("a").peers())
                .singleElement().satisfies(p -> assertThat(p.bfd()).contains(always));
        // Without nodeMeshBFD the mesh has no BFD.
        assertThat(threeNodes().on("a").peers()).allSatisfy(p -> assertThat(p.bfd()).isEmpty());
    }

    @Test
    void keepOriginalNextHopCountsOnlyForEbgpAndNextHopModeOverridesIt() {
        Cluster k = threeNodes().meshOff()
                .peer("ibgp", new BGPPeer.Spec(null, "10.1.0.1", 64512L, null, null, null, true, null, null, null, null, null))
                .peer("self", new BGPPeer.Spec(null, "10.1.0.2", 65100L, null, null, null, null, "Self", null, null, null, null))
                .peer("keep", new BGPPeer.Spec(null, "10.1.0.3", 64512L, null, null, null, null, "Keep", null, null, null, null));
        List<DesiredPeer> ps = k.on("a").peers();
        assertThat(ps).extracting(DesiredPeer::nextHopMode).containsExactly(NextHopMode.AUTO, NextHopMode.SELF, NextHopMode.KEEP);
    }

    @Test
    void aMissingSecretMeansNoPasswordAndAWarning() {
        BGPPeer.Spec s = new BGPPeer.Spec(null, "10.1.0.1", 65100L, null, null,
                new BGPPeer.Password(new BGPPeer.SecretKeyRef("bgp-secrets", "tor")), null, null, null, null, null, null);
        PeerSet a = threeNodes().meshOff().peer("tor", s).on("a");
        assertThat(a.peers().getFirst().password()).isEmpty();
        assertThat(a.warnings()).containsExactly("BGPPeer tor: spec.password: secret bgp-secrets has no key tor; peering without a password");
    }

    @Test
    void theMeshRestartTimeComesFromTheClusterConfiguration() {
        PeerSet a = threeNodes().config("default", null, true, null, "90s").on("a");
        assertThat(a.peers()).allSatisfy(p -> assertThat(p.maxRestartTime()).contains(Duration.ofSeconds(90)));
    }

    @Test
    void aNodeMissingFromTheDatastoreHasNoPeers() {
        PeerSet z = threeNodes().on("z");
        assertThat(z.peers()).isEmpty();
        assertThat(z.warnings()).containsExactly("Node z is not in the datastore: no peers");
    }

    @Test
    void anUnreadableNodeAddressIsReportedAndTheNodeLeftOut() {
        Cluster k = threeNodes().node("bad", "10.0.0.300/24");
        PeerSet a = k.on("a");
        assertThat(lines(a)).hasSize(2);
        assertThat(a.warnings()).singleElement().asString().startsWith("Node bad: spec.bgp.ipv4Address: ");
    }
}

package io.muslin.datastore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    static List<Resource> samples() {
        return List.of(
                new Node(ObjectMeta.named("node-1").withLabels(Map.of("rack", "r1")),
                        new Node.Spec(new Node.BGP(64512L, "10.57.4.21/24", "fd00:57::21/64", "192.168.0.1", "224.0.0.1"),
                                "192.168.0.2", null, "66:55:44:33:22:11")),
                new IPPool(ObjectMeta.named("default-ipv4"),
                        new IPPool.Spec("192.168.0.0/16", 26, "CrossSubnet", "Never", true, false, false, "all()")),
                new IPAMBlock(ObjectMeta.named("10.0.0.0-30"), new IPAMBlock.Spec("10.0.0.0/30", "host:node-1",
                        Arrays.asList(0, null, null, null), List.of(1, 2, 3),
                        List.of(new IPAMBlock.Attribute("ctr-1", Map.of("pod", "p", "namespace", "ns"))), false)),
                new BlockAffinity(ObjectMeta.named("node-1-10-0-0-0-30"),
                        new BlockAffinity.Spec(BlockAffinity.CONFIRMED, "node-1", "10.0.0.0/30", false)),
                new IPAMHandle(ObjectMeta.named("ctr-1"), new IPAMHandle.Spec("ctr-1", Map.of("10.0.0.0/30", 1), false)),
                new IPAMConfig(ObjectMeta.named("default"), new IPAMConfig.Spec(true, 4, true)),
                new IPReservation(ObjectMeta.named("gw"), new IPReservation.Spec(List.of("192.168.0.1/32"))),
                new BGPConfiguration(ObjectMeta.named("default"), new BGPConfiguration.Spec("Info", true, 64512L, 179,
                        List.of(new BGPConfiguration.Community("gold", "65001:100")),
                        List.of(new BGPConfiguration.PrefixAdvertisement("192.168.0.0/16", List.of("gold", "65001:7:8"))),
                        List.of(new BGPConfiguration.ServiceIP("10.96.0.0/12")), null, null, "120s",
                        new BGPPeer.Bfd(200, 200, 3, null))),
                new BGPPeer(ObjectMeta.named("tor-1"), new BGPPeer.Spec("node-1", "10.57.4.1", 65001L, null, null,
                        new BGPPeer.Password(new BGPPeer.SecretKeyRef("bgp", "tor")), false, "Self", "120s", 1,
                        List.of("no-default"), null, new BGPPeer.Bfd(300, null, 3, null))),
                new BGPFilter(ObjectMeta.named("no-default"), new BGPFilter.Spec(null,
                        List.of(new BGPFilter.Rule("0.0.0.0/0", "Equal", "Reject", null, null)), null, null)),
                new WorkloadEndpoint(new ObjectMeta("node--1-k8s-a-eth0", "shop", Map.of("app", "a", "role", "web"), null, null),
                        new WorkloadEndpoint.Spec("k8s", "node-1", "a", "eth0", "ctr-1", List.of("192.168.0.5/32", "fd00:10::5/128"),
                                "cali1234", "ee:ee:ee:ee:ee:ee", List.of("kns.shop"),
                                List.of(new WorkloadEndpoint.Port("http", "TCP", 8080), new WorkloadEndpoint.Port("dns", "UDP", 53)))),
                new NetworkPolicy(ObjectMeta.namespaced("shop", "allow-b-to-a"), new NetworkPolicy.Spec(
                        LabelSelector.matching("app", "a"), List.of("Ingress", "Egress"),
                        List.of(new NetworkPolicy.IngressRule(
                                List.of(NetworkPolicy.Port.tcp(80), new NetworkPolicy.Port(null, IntOrString.of("http"), null),
                                        new NetworkPolicy.Port("UDP", IntOrString.of(8000), 8080)),
                                List.of(NetworkPolicy.Peer.pods(LabelSelector.matching("app", "b")),
                                        new NetworkPolicy.Peer(LabelSelector.ALL, new LabelSelector(null, List.of(
                                                new LabelSelector.Requirement("project", "In", List.of("shop", "ops")),
                                                new LabelSelector.Requirement("tier", "DoesNotExist", null))), null),
                                        NetworkPolicy.Peer.ipBlock("10.0.0.0/8", "10.1.0.0/16")))),
                        List.of(new NetworkPolicy.EgressRule(null, List.of(NetworkPolicy.Peer.ipBlock("fd00::/8")))))),
                new Namespace(new ObjectMeta("shop", null, Map.of("project", "shop"), null, null)),
                Secret.of("kube-system", "bgp", Map.of("tor", "s3cret")));
    }

    @Test
    void everySampleIsValidAndRoundTripsThroughJsonAndYaml() {
        for (Resource r : samples()) {
            assertThat(r.validate()).as(r.kind()).isEmpty();
            String json = Resources.toJsonString(r);
            assertThat(json).startsWith("{\"kind\":\"" + r.kind() + "\",\"apiVersion\":\"" + Kinds.of(r.getClass()).apiVersion() + "\"");
            assertThat(Resources.fromJson(json.getBytes())).as(r.kind()).isEqualTo(r);
            String yaml = Resources.toYaml(r);
            assertThat(yaml).as("kind as a field, as Calico and Kubernetes write it").contains("kind: " + r.kind() + "\n");
            assertThat(Resources.fromYaml(yaml)).as(yaml).isEqualTo(r);
        }
    }

    @Test
    void calicoFieldNamesOnTheWire() {
        List<Resource> s = samples();
        assertThat(Resources.toJsonString(s.get(0))).contains("\"bgp\":{\"asNumber\":64512,\"ipv4Address\":\"10.57.4.21/24\"")
                .contains("\"routeReflectorClusterID\"").contains("\"ipv4IPIPTunnelAddr\"");
        assertThat(Resources.toJsonString(s.get(1))).contains("\"cidr\":\"192.168.0.0/16\"", "\"blockSize\":26",
                "\"ipipMode\":\"CrossSubnet\"", "\"vxlanMode\"", "\"natOutgoing\":true", "\"disableBGPExport\"", "\"nodeSelector\"");
        assertThat(Resources.toJsonString(s.get(2))).contains("\"allocations\":[0,null,null,null]", "\"unallocated\":[1,2,3]",
                "\"handle_id\":\"ctr-1\"", "\"affinity\":\"host:node-1\"");
        assertThat(Resources.toJsonString(s.get(3))).contains("\"state\":\"confirmed\"");
        assertThat(Resources.toJsonString(s.get(5))).contains("\"strictAffinity\":true", "\"maxBlocksPerHost\":4");
        assertThat(Resources.toJsonString(s.get(8))).contains("\"peerIP\"", "\"keepOriginalNextHop\"", "\"maxRestartTime\"",
                "\"ttlSecurity\"", "\"secretKeyRef\"");
        assertThat(Resources.toJsonString(s.get(10))).contains("\"labels\":{", "\"ipNetworks\":[\"192.168.0.5/32\"",
                "\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}");
        assertThat(Resources.toJsonString(s.get(11))).contains("\"apiVersion\":\"networking.k8s.io/v1\"",
                "\"podSelector\":{\"matchLabels\":{\"app\":\"a\"}}", "\"policyTypes\":[\"Ingress\",\"Egress\"]",
                "\"port\":80", "\"port\":\"http\"", "\"endPort\":8080", "\"ipBlock\":{\"cidr\":\"10.0.0.0/8\",\"except\":[\"10.1.0.0/16\"]}",
                "\"matchExpressions\":[{\"key\":\"project\",\"operator\":\"In\",\"values\":[\"shop\",\"ops\"]}",
                "\"podSelector\":{}");
        assertThat(Resources.toJsonString(s.get(12))).isEqualTo(
                "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"shop\",\"labels\":{\"project\":\"shop\"}}}");
        assertThat(Resources.toJsonString(s.get(13))).contains("\"type\":\"Opaque\"", "\"data\":{\"tor\":\"czNjcmV0\"}");
    }

    @Test
    void readsCalicoStyleYaml() {
        Resource r = Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: pool-a
                spec:
                  cidr: 10.244.0.0/16
                  blockSize: 24
                  ipipMode: Always
                  natOutgoing: true
                """);
        assertThat(r).isInstanceOf(IPPool.class);
        assertThat(((IPPool) r).blockSize()).isEqualTo(24);
        assertThat(Resources.fromYamlDocuments("kind: IPAMConfig\nmetadata: {name: default}\nspec: {strictAffinity: true}\n---\n"
                + "kind: IPReservation\nmetadata: {name: r}\nspec: {reservedCIDRs: [10.0.0.1/32]}\n")).hasSize(2);
    }

    @Test
    void unknownFieldAndKindAreNamed() {
        assertThatThrownBy(() -> Resources.fromYaml("kind: IPPool\nmetadata: {name: a}\nspec: {cidr: 10.0.0.0/8, blocksize: 24}\n"))
                .hasMessageContaining("unknown field 'blocksize'").hasMessageContaining("spec");
        assertThatThrownBy(() -> Resources.fromYaml("kind: IPPol\nmetadata: {name: a}\n"))
                .hasMessageContaining("unknown or missing kind 'IPPol'");
        assertThatThrownBy(() -> Resources.fromYaml("kind: IPPool\nmetadata: {name: a}\nspec: {blockSize: big}\n"))
                .hasMessageContaining("spec.blockSize");
    }

    @Test
    void poolValidationNamesFieldAndReason() {
        assertThat(IPPool.of("p", "10.0.0.0/33", 26).validate())
                .containsExactly(new FieldError("spec.cidr", "bad CIDR: '10.0.0.0/33' has prefix length 33, outside 0..32"));
        assertThat(IPPool.of("p", "10.0.0.1/16", 26).validate().getFirst().reason()).contains("host bits set");
        assertThat(IPPool.of("p", "banana/16", 26).validate().getFirst().field()).isEqualTo("spec.cidr");
        assertThat(IPPool.of("p", "10.0.0.0/16", 33).validate())
                .containsExactly(new FieldError("spec.blockSize", "block size 33 is out of range (20..32 for IPv4)"));
        assertThat(IPPool.of("p", "fd00::/48", 64).validate())
                .containsExactly(new FieldError("spec.blockSize", "block size 64 is out of range (116..128 for IPv6)"));
        assertThat(IPPool.of("p", "10.0.0.0/28", 24).validate().getFirst().reason()).contains("larger than the pool");
        IPPool badMode = new IPPool(ObjectMeta.named("p"), new IPPool.Spec("10.0.0.0/16", 26, "Sometimes", null, null, null, null, null));
        assertThat(badMode.validate()).containsExactly(new FieldError("spec.ipipMode",
                "unknown value 'Sometimes' (expected one of [Always, CrossSubnet, Never])"));
        IPPool both = new IPPool(ObjectMeta.named("p"), new IPPool.Spec("10.0.0.0/16", 26, "Always", "Always", null, null, null, null));
        assertThat(both.validate().getFirst().reason()).contains("both");
        assertThat(IPPool.of("Bad_Name", "10.0.0.0/16", 26).validate().getFirst().field()).isEqualTo("metadata.name");
        assertThatThrownBy(() -> IPPool.of("p", "10.0.0.0/16", 40).requireValid())
                .isInstanceOf(ValidationException.class).hasMessageContaining("IPPool p is invalid: spec.blockSize: block size 40");
    }

    @Test
    void overlappingPoolsAreReported() {
        List<FieldError> e = IPPool.overlaps(List.of(IPPool.of("a", "10.0.0.0/16", 26), IPPool.of("b", "10.0.128.0/17", 26),
                IPPool.of("c", "10.1.0.0/16", 26), IPPool.of("d", "fd00::/48", 122)));
        assertThat(e).containsExactly(new FieldError("spec.cidr", "pool b (10.0.128.0/17) overlaps pool a (10.0.0.0/16)"));
    }

    @Test
    void otherKindsValidate() {
        BGPPeer noAs = new BGPPeer(ObjectMeta.named("x"), new BGPPeer.Spec(null, "10.0.0.1", null, null, null, null, null,
                "Sideways", "soon", 300, null, null));
        assertThat(noAs.validate()).extracting(FieldError::field)
                .contains("spec.asNumber", "spec.nextHopMode", "spec.maxRestartTime", "spec.ttlSecurity");
        BGPPeer badBfd = new BGPPeer(ObjectMeta.named("x"), new BGPPeer.Spec(null, "10.0.0.1", 65001L, null, null, null, null,
                null, null, null, null, null, new BGPPeer.Bfd(0, 4_000_000, 256, null)));
        assertThat(badBfd.validate()).extracting(FieldError::field)
                .containsExactly("spec.bfd.minRxMs", "spec.bfd.minTxMs", "spec.bfd.multiplier");
        BGPConfiguration badMeshBfd = new BGPConfiguration(ObjectMeta.named("default"), new BGPConfiguration.Spec(null, null,
                null, null, null, null, null, null, null, null, new BGPPeer.Bfd(null, 0, 0, null)));
        assertThat(badMeshBfd.validate()).extracting(FieldError::field)
                .containsExactly("spec.nodeMeshBFD.minTxMs", "spec.nodeMeshBFD.multiplier");
        Node n = new Node(ObjectMeta.named("n"), new Node.Spec(new Node.BGP(0L, "10.0.0.5", null, null, null), null, null, null));
        assertThat(n.validate()).extracting(FieldError::field).containsExactly("spec.bgp.asNumber", "spec.bgp.ipv4Address");
        Node v6AsV4 = new Node(ObjectMeta.named("n"), new Node.Spec(new Node.BGP(null, "fd00::5/64", "10.0.0.5/24",
                "fd00::1", "fd00::2"), "fd00::3", "10.0.0.3", "zz:zz"));
        assertThat(v6AsV4.validate()).extracting(FieldError::field).containsExactly("spec.bgp.ipv4Address",
                "spec.bgp.ipv6Address", "spec.bgp.ipv4IPIPTunnelAddr", "spec.bgp.routeReflectorClusterID",
                "spec.ipv4VXLANTunnelAddr", "spec.ipv6VXLANTunnelAddr", "spec.vxlanTunnelMACAddr");
        WorkloadEndpoint wep = new WorkloadEndpoint(new ObjectMeta("w", "shop", Map.of("bad key!", "v"), null, null),
                new WorkloadEndpoint.Spec(null, "n", null, null, null, List.of("10.0.0.0/24"), "cali0", null, null,
                        List.of(new WorkloadEndpoint.Port("HTTP", "TCP", 80), new WorkloadEndpoint.Port("dns", "ICMP", 0),
                                new WorkloadEndpoint.Port("dns", "ICMP", 53))));
        assertThat(wep.validate()).extracting(FieldError::field).containsExactly("metadata.labels[bad key!]",
                "spec.ipNetworks[0]", "spec.ports[0].name", "spec.ports[1].protocol", "spec.ports[1].port",
                "spec.ports[2].protocol", "spec.ports[2].name");
        assertThat(new IPPool(new ObjectMeta("p", "ns", null, null, null), IPPool.of("p", "10.0.0.0/16", 26).spec()).validate())
                .containsExactly(new FieldError("metadata.namespace", "must not be set: the kind is not namespaced"));
    }
}

package io.muslin.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.lab.topology.Topology.Peering;
import io.muslin.net.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyReaderTest {
    private static final Path SHIPPED = Path.of("topologies");

    private static final String MINIMAL = """
            pools: [{name: p, cidr: 10.244.0.0/16}]
            racks:
              - name: r1
                subnet: 10.10.1.0/24
                tor: {daemon: bird}
                nodes: [{name: a}, {name: b, pods: 3}]
            """;

    @Test
    void everyShippedTopologyReadsAndTheRequiredOnesAreThere() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(SHIPPED)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files.stream().map(p -> p.getFileName().toString()))
                .contains("two-racks-mesh.yaml", "two-racks-tor.yaml", "two-racks-rr.yaml", "two-racks-vxlan.yaml", "two-racks-ipip.yaml");
        for (Path f : files) {
            Topology t = TopologyReader.read(f);
            assertThat(t.name()).isEqualTo(f.getFileName().toString().replace(".yaml", ""));
            assertThat(t.racks()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theMeshTopologyAsWritten() {
        Topology t = TopologyReader.read(SHIPPED.resolve("two-racks-mesh.yaml"));
        assertThat(t.peering()).isEqualTo(Peering.MESH);
        assertThat(t.asNumber()).isEqualTo(64512);
        assertThat(t.nodes()).extracting(Topology.Placed::name).containsExactly("node1", "node2", "node3");
        assertThat(t.racks().get(1).tor().daemon()).isEqualTo("frr");
        assertThat(t.pools().get(0).vxlanMode()).isEqualTo("CrossSubnet");
        assertThat(t.podCount()).isEqualTo(4);
    }

    @Test
    void defaultsAndAddressing() {
        Topology t = TopologyReader.parse(MINIMAL, "t.yaml", "small");
        assertThat(t.name()).isEqualTo("small");
        assertThat(t.peering()).isEqualTo(Peering.MESH);
        assertThat(t.etcd().members()).isEqualTo(1);
        assertThat(t.pools().get(0).blockSize()).isEqualTo(26);
        assertThat(t.pools().get(0).ipipMode()).isEqualTo("Never");
        assertThat(t.racks().get(0).tor().asNumber()).isEqualTo(65001);
        assertThat(Topology.gateway(t.racks().get(0))).isEqualTo(IpAddress.parse("10.10.1.1"));
        assertThat(Topology.nodeAddress(t.node("a"))).isEqualTo(IpAddress.parse("10.10.1.11"));
        assertThat(Topology.nodeAddress(t.node("b"))).isEqualTo(IpAddress.parse("10.10.1.12"));
        assertThat(t.coreLinkAddress(0)).isEqualTo(IpAddress.parse("10.255.0.1"));
        assertThat(t.torLinkAddress(0)).isEqualTo(IpAddress.parse("10.255.0.2"));
        assertThat(t.etcdEndpoints()).containsExactly("http://10.255.255.11:2379");
        assertThat(t.node("b").node().pods()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "peering: full-mesh|peering: 'full-mesh' is not one of mesh, route-reflectors, tor",
            "colour: blue|colour: unknown field",
            "asNumber: 23456|asNumber: 23456 is AS_TRANS",
            "asNumber: twelve|asNumber: 'twelve' is not a whole number",
            "etcd: {members: 2}|etcd.members: 2 members cannot lose one",
            "etcd: {members: 5}|etcd.members: 5 is outside 1..3",
            "podMode: docker|podMode: 'docker' is not one of veth, cni",
            "core: {links: 10.10.1.0/24}|racks[0].subnet: 10.10.1.0/24 overlaps core.links 10.10.1.0/24",
            "peering: route-reflectors|peering: route-reflectors needs at least one node with routeReflector: true",
    })
    void badTopLevelFieldsAreNamed(String extra, String message) {
        assertThatThrownBy(() -> TopologyReader.parse(MINIMAL + extra + "\n", "t.yaml", "x"))
                .isInstanceOf(TopologyException.class).hasMessageStartingWith("t.yaml: ").hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "10.244.0.0/16|10.244.0.1/16|pools[0].cidr: '10.244.0.1/16' has host bits set",
            "cidr: 10.244.0.0/16|cidr: 10.244.0.0/16, ipipMode: Sometimes|pools[0].ipipMode: 'Sometimes' is not one of",
            "cidr: 10.244.0.0/16|cidr: 10.244.0.0/16, ipipMode: Always, vxlanMode: Always|pools[0].vxlanMode: ipipMode and vxlanMode cannot both be on",
            "cidr: 10.244.0.0/16|cidr: fd00::/64|pools[0].cidr: fd00::/64: the lab is IPv4 only",
            "subnet: 10.10.1.0/24|subnet: 10.10.1.0/30|racks[0].subnet: 10.10.1.0/30: the length must be /16 to /27",
            "daemon: bird|daemon: quagga|racks[0].tor.daemon: 'quagga' is not one of bird, frr",
            "name: b, pods: 3|name: a, pods: 3|racks[0].nodes[1].name: node a is named twice",
            "name: b, pods: 3|name: B|racks[0].nodes[1].name: 'B' is not a name",
            "pods: 3|pods: 300|racks[0].nodes[1].pods: 300 is outside 0..60",
            "pods: 3|pods: 3, routeReflector: maybe|racks[0].nodes[1].routeReflector: must be true or false",
    })
    void badNestedFieldsAreNamed(String from, String to, String message) {
        String yaml = MINIMAL.replace(from, to);
        assertThat(yaml).isNotEqualTo(MINIMAL);
        assertThatThrownBy(() -> TopologyReader.parse(yaml, "t.yaml", "x"))
                .isInstanceOf(TopologyException.class).hasMessageContaining(message);
    }

    @Test
    void missingPartsAndBrokenYaml() {
        assertThatThrownBy(() -> TopologyReader.parse("racks: []\n", "t.yaml", "x")).hasMessageContaining("t.yaml: pools: at least one pool");
        assertThatThrownBy(() -> TopologyReader.parse("pools: [{name: p, cidr: 10.244.0.0/16}]\n", "t.yaml", "x"))
                .hasMessageContaining("t.yaml: racks: at least one rack");
        assertThatThrownBy(() -> TopologyReader.parse("racks: [\n", "t.yaml", "x")).hasMessageContaining("t.yaml: not valid YAML");
        assertThatThrownBy(() -> TopologyReader.parse("- a\n", "t.yaml", "x")).hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> TopologyReader.read(Path.of("no/such.yaml"))).hasMessageContaining("no/such.yaml: cannot read");
    }
}

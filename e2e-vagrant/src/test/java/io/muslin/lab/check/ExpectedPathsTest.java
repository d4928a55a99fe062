package io.muslin.lab.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.TopologyReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExpectedPathsTest {
    private static PathKind path(String topology, String from, String to) {
        Topology t = TopologyReader.read(Path.of("topologies", topology + ".yaml"));
        return ExpectedPaths.between(t, t.pools().get(0), t.node(from), t.node(to));
    }

    @Test
    void asCalicoDecides() {
        assertThat(path("two-racks-mesh", "node1", "node1")).isEqualTo(PathKind.LOCAL);
        assertThat(path("two-racks-mesh", "node1", "node2")).isEqualTo(PathKind.DIRECT);
        assertThat(path("two-racks-mesh", "node1", "node3")).isEqualTo(PathKind.VXLAN);
        assertThat(path("two-racks-vxlan", "node1", "node2")).isEqualTo(PathKind.VXLAN);
        assertThat(path("two-racks-ipip", "node1", "node2")).isEqualTo(PathKind.IPIP);
        assertThat(path("two-racks-tor", "node1", "node2")).isEqualTo(PathKind.DIRECT);
        assertThat(path("two-racks-tor", "node1", "node3")).isEqualTo(PathKind.VIA_TOR);
    }
}

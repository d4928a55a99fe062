package io.muslin.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.net.InterfaceAddress;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NodeRegistrationTest {
    @Test
    void aNewNodeGetsItsAddressesAndConfiguredAs() {
        try (FileDatastore ds = FileDatastore.inMemory()) {
            ResourceStore store = new ResourceStore(ds);
            new NodeRegistration("node-a", InterfaceAddress.parse("10.0.1.5/24"), InterfaceAddress.parse("fd00::5/64"),
                    OptionalLong.of(65010)).apply(store);
            Node n = store.get(Node.class, "node-a").orElseThrow().resource();
            assertThat(n.spec().bgp().ipv4Address()).isEqualTo("10.0.1.5/24");
            assertThat(n.spec().bgp().ipv6Address()).isEqualTo("fd00::5/64");
            assertThat(n.spec().bgp().asNumber()).isEqualTo(65010L);
        }
    }

    @Test
    void whatOthersWroteIsKeptAndAnUnchangedNodeIsNotWrittenAgain() {
        try (FileDatastore ds = FileDatastore.inMemory()) {
            ResourceStore store = new ResourceStore(ds);
            store.create(new Node(ObjectMeta.named("node-a").withLabels(Map.of("rack", "r1")),
                    new Node.Spec(new Node.BGP(64999L, "10.0.9.9/24", null, "10.244.3.1", "10.0.0.1"), "10.244.3.2", null,
                            "02:4d:0a:00:01:05")));
            NodeRegistration reg = new NodeRegistration("node-a", InterfaceAddress.parse("10.0.1.5/24"), null, OptionalLong.empty());
            Stored<Node> first = reg.apply(store);
            Node n = first.resource();
            assertThat(n.metadata().labels()).containsEntry("rack", "r1");
            assertThat(n.spec().bgp().ipv4Address()).as("ours: refreshed").isEqualTo("10.0.1.5/24");
            assertThat(n.spec().bgp().asNumber()).as("no AS configured: the Node's stays").isEqualTo(64999L);
            assertThat(n.spec().bgp().ipv4IPIPTunnelAddr()).isEqualTo("10.244.3.1");
            assertThat(n.spec().bgp().routeReflectorClusterID()).isEqualTo("10.0.0.1");
            assertThat(n.spec().ipv4VXLANTunnelAddr()).isEqualTo("10.244.3.2");
            assertThat(n.spec().vxlanTunnelMACAddr()).isEqualTo("02:4d:0a:00:01:05");
            assertThat(reg.apply(store).revision()).as("nothing to change: no write").isEqualTo(first.revision());
        }
    }
}

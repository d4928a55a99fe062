package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkStateTopologyTest {
    private static final IpAddress A = IpAddress.parse("10.0.0.1");
    private static final IpAddress B = IpAddress.parse("10.0.0.2");
    private static final LinkStateObject.NodeDescriptor R1 = new LinkStateObject.NodeDescriptor(65001, "0", null, "10.1.1.1");
    private static final LinkStateObject.NodeDescriptor R2 = new LinkStateObject.NodeDescriptor(65001, "0", null, "10.1.1.2");

    @Test
    void nodesLinksAndPrefixesPerPeerAndGoneWithThePeer() {
        LinkStateTopology t = new LinkStateTopology();
        LinkStateObject.Node n1 = new LinkStateObject.Node(2, R1, "spine1");
        LinkStateObject.Link l = new LinkStateObject.Link(2, R1, R2, List.of("192.0.2.1"), List.of("192.0.2.2"), 10L);
        t.apply(new ExabgpEvent.LinkStateUpdate(A, List.of(n1, l), List.of()));
        t.apply(new ExabgpEvent.LinkStateUpdate(B, List.of(new LinkStateObject.Node(2, R1, null)), List.of()));

        LinkStateTopology.Snapshot s = t.snapshot();
        assertThat(s.nodes()).extracting(LinkStateTopology.Node::id).containsExactly("as65001/10.1.1.1", "as65001/10.1.1.2");
        assertThat(s.nodes().getFirst().name()).isEqualTo("spine1");
        assertThat(s.nodes().getFirst().learnedFrom()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(s.links()).singleElement().satisfies(x -> {
            assertThat(x.local()).isEqualTo("as65001/10.1.1.1");
            assertThat(x.remote()).isEqualTo("as65001/10.1.1.2");
            assertThat(x.igpMetric()).isEqualTo(10L);
        });

        t.dropPeer(A);
        assertThat(t.snapshot().links()).isEmpty();
        assertThat(t.snapshot().nodes()).singleElement().satisfies(x -> assertThat(x.learnedFrom()).containsExactly("10.0.0.2"));

        t.apply(new ExabgpEvent.LinkStateUpdate(B, List.of(), List.of(new LinkStateObject.Node(2, R1, null))));
        assertThat(t.snapshot()).isEqualTo(LinkStateTopology.Snapshot.EMPTY);
    }
}

package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.bgp.PeerMapping;
import io.muslin.agent.bgp.SpeakerDesired;
import io.muslin.agent.peers.PeerCalculator;
import io.muslin.agent.peers.PeerSet;
import io.muslin.agent.peers.Secrets;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.ApplyResult;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster change reaches the running speaker as the controller hands it on (peer computation,
 * the one mapping, the desired state) and touches only the sessions it must: the others keep their
 * session object, so their TCP connection and routes. Nodes are on loopback addresses and the
 * speaker does not listen: no traffic leaves this machine.
 */
class SpeakerApplyKeepsSessionsTest {
    static final PeerMapping MAPPING = new PeerMapping(90, 120);
    static final List<IPPool> POOLS = List.of(IPPool.of("default-ipv4", "10.244.0.0/16", 26));

    static Node node(String name, String ip) {
        return new Node(ObjectMeta.named(name), new Node.Spec(new Node.BGP(null, ip + "/8", null, null, null), null, null, null));
    }

    static DesiredState desired(List<Node> nodes, List<BGPPeer> peers) {
        PeerSet set = PeerCalculator.compute("node-a", nodes, peers, List.of(), Secrets.none());
        SpeakerSettings s = SpeakerDesired.speaker(set.asNumber(), IpAddress.parse("127.0.0.10"), 179,
                SpeakerSettings.GracefulRestart.NOT_RESTARTING).withListen(null, 179);
        return SpeakerDesired.of(s, set, MAPPING, POOLS, List.of(IpPrefix.parse("10.244.1.0/26")));
    }

    @Test
    void aNewNodeAddsOneSessionAndLeavesTheOthersAlone() throws Exception {
        List<Node> nodes = new ArrayList<>(List.of(node("node-a", "127.0.0.10"), node("node-b", "127.0.0.11"),
                node("node-c", "127.0.0.12")));
        DesiredState first = desired(nodes, List.of());
        try (Speaker speaker = new Speaker(first, 1, Runnable::run)) {
            speaker.start();
            BgpPeer b = speaker.peer(IpAddress.parse("127.0.0.11"));
            BgpPeer c = speaker.peer(IpAddress.parse("127.0.0.12"));
            assertThat(b).isNotNull();
            assertThat(c).isNotNull();

            nodes.add(node("node-d", "127.0.0.13"));
            ApplyResult added = speaker.apply(desired(nodes, List.of()));
            assertThat(added.added()).containsExactly(IpAddress.parse("127.0.0.13"));
            assertThat(added.replaced()).isEmpty();
            assertThat(added.removed()).isEmpty();
            assertThat(speaker.peer(IpAddress.parse("127.0.0.11"))).as("node-b's session untouched").isSameAs(b);
            assertThat(speaker.peer(IpAddress.parse("127.0.0.12"))).as("node-c's session untouched").isSameAs(c);

            // A global peer and node-c leaving: one added, one removed, node-b still the same session.
            nodes.removeIf(n -> n.metadata().name().equals("node-c"));
            List<BGPPeer> tor = List.of(new BGPPeer(ObjectMeta.named("tor"), new BGPPeer.Spec(null, "127.0.0.99", 65001L, null,
                    null, null, null, null, null, null, null, null)));
            ApplyResult changed = speaker.apply(desired(nodes, tor));
            assertThat(changed.added()).containsExactly(IpAddress.parse("127.0.0.99"));
            assertThat(changed.removed()).containsExactly(IpAddress.parse("127.0.0.12"));
            assertThat(changed.replaced()).isEmpty();
            assertThat(speaker.peer(IpAddress.parse("127.0.0.11"))).isSameAs(b);

            ApplyResult again = speaker.apply(desired(nodes, tor));
            assertThat(again.nothingChanged()).as("the same cluster again changes nothing").isTrue();
        }
    }
}

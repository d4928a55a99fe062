package io.muslin.agent.exabgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.peers.PeerCalculator;
import io.muslin.agent.peers.PeerSet;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.FieldError;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.exabgp.ExabgpNeighbor;
import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which peers ExaBGP runs: the BGPPeer's {@code speaker}, else the agent's default; the mesh follows the default. */
class ExabgpPeeringTest {
    private static final List<Node> NODES = List.of(node("node-a", "10.0.0.1/24"), node("node-b", "10.0.0.2/24"));
    private static final List<BGPPeer> PEERS = List.of(
            peer("tor-exabgp", "10.0.0.254", "exabgp"),
            peer("tor-embedded", "10.0.0.253", "embedded"),
            peer("tor-default", "10.0.0.252", null));

    private static Node node(String name, String ipv4) {
        return new Node(ObjectMeta.named(name), new Node.Spec(new Node.BGP(null, ipv4, null, null, null), null, null, null));
    }

    private static BGPPeer peer(String name, String ip, String speaker) {
        return new BGPPeer(ObjectMeta.named(name), new BGPPeer.Spec(null, ip, 65000L, null, null, null, null, null, null, null,
                null, null, null, speaker));
    }

    private static PeerSet peers() {
        return PeerCalculator.compute("node-a", NODES, PEERS, List.of(), (n, k) -> Optional.empty());
    }

    @Test
    void theBgpPeerChoosesAndTheDefaultDecidesTheRest() {
        assertThat(ExabgpPeering.choose(peers(), PEERS, false)).containsExactly(IpAddress.parse("10.0.0.254"));
        assertThat(ExabgpPeering.choose(peers(), PEERS, true)).containsExactlyInAnyOrder(IpAddress.parse("10.0.0.254"),
                IpAddress.parse("10.0.0.252"), IpAddress.parse("10.0.0.2"));
    }

    @Test
    void theAgentsListNamesPeersWhoseBgpPeerDoesNotChoose() {
        Set<IpAddress> named = Set.of(IpAddress.parse("10.0.0.252"), IpAddress.parse("10.0.0.253"), IpAddress.parse("10.0.0.2"));
        // 10.0.0.253's BGPPeer says embedded: it stays; the mesh peer 10.0.0.2 and 10.0.0.252 move.
        assertThat(ExabgpPeering.choose(peers(), PEERS, named, false)).containsExactlyInAnyOrder(IpAddress.parse("10.0.0.254"),
                IpAddress.parse("10.0.0.252"), IpAddress.parse("10.0.0.2"));
    }

    @Test
    void splitTakesExabgpPeersOutOfTheSpeakersDesiredState() {
        PeerSpec a = PeerSpec.of(IpAddress.parse("10.0.0.254"), 65000)
                .withSession(SessionSpec.of(65000).withLocalAddress(IpAddress.parse("10.0.0.1")));
        PeerSpec b = PeerSpec.of(IpAddress.parse("10.0.0.2"), 64512);
        DesiredState all = DesiredState.of(SpeakerSettings.of(64512, IpAddress.parse("10.0.0.1"))).withPeers(List.of(a, b));
        ExabgpPeering.Split s = ExabgpPeering.split(all, Set.of(a.address()), true);
        assertThat(s.embedded().peers()).containsExactly(b);
        assertThat(s.exabgp()).containsExactly(new ExabgpNeighbor(a, true));
        assertThat(s.embedded().speaker()).isEqualTo(all.speaker());
        assertThat(s.refused()).isEmpty();
    }

    @Test
    void aPeerWithoutALocalAddressCannotRunInExabgpAndIsNamed() {
        PeerSpec a = PeerSpec.of(IpAddress.parse("10.0.0.254"), 65000).withDescription("Global_10_0_0_254");
        DesiredState all = DesiredState.of(SpeakerSettings.of(64512, IpAddress.parse("10.0.0.1"))).withPeers(List.of(a));
        ExabgpPeering.Split s = ExabgpPeering.split(all, Set.of(a.address()), true);
        assertThat(s.exabgp()).isEmpty();
        assertThat(s.embedded().peers()).isEmpty();
        assertThat(s.refused()).singleElement().asString().contains("Global_10_0_0_254").contains("local address");
    }

    @Test
    void anUnknownSpeakerIsRejectedByField() {
        List<FieldError> errors = peer("x", "10.0.0.9", "gobgp").validate();
        assertThat(errors).extracting(FieldError::field).containsExactly("spec.speaker");
        assertThat(errors.getFirst().reason()).contains("gobgp").contains("embedded").contains("exabgp");
        assertThat(peer("x", "10.0.0.9", "exabgp").validate()).isEmpty();
    }
}

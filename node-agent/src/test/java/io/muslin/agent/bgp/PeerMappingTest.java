package io.muslin.agent.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.NextHopMode;
import io.muslin.agent.peers.PeerKind;
import io.muslin.agent.peers.PeerRole;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerMappingTest {
    static final PeerMapping MAPPING = new PeerMapping(90, 120);

    static DesiredPeer peer(String name, PeerKind kind, PeerRole role, String address, int port, long as, String password,
                            String source, boolean passive, NextHopMode nh, Duration restart, int ttl, String peerNode) {
        return new DesiredPeer(name, kind, role, IpAddress.parse(address), port, as, Optional.ofNullable(password),
                Optional.ofNullable(source).map(IpAddress::parse), passive, nh, Optional.ofNullable(restart), ttl, List.of(),
                Optional.ofNullable(peerNode), Optional.empty(), "why");
    }

    @Test
    void aMeshPeerIsAnIbgpSessionOfItsFamilyThatAcceptsOnlyPoolPrefixes() {
        PeerSpec s = MAPPING.toSpec(peer("Mesh_10_0_1_7", PeerKind.MESH, PeerRole.PEER, "10.0.1.7", 179, 64512, null, "10.0.1.5",
                true, NextHopMode.AUTO, null, 0, "node-b"));
        assertThat(s.address()).isEqualTo(IpAddress.parse("10.0.1.7"));
        assertThat(s.description()).isEqualTo("Mesh_10_0_1_7");
        assertThat(s.session().asNumber()).isEqualTo(64512);
        assertThat(s.session().port()).isEqualTo(179);
        assertThat(s.session().localAddress()).isEqualTo(IpAddress.parse("10.0.1.5"));
        assertThat(s.session().passive()).isTrue();
        assertThat(s.session().holdTime()).isEqualTo(90);
        assertThat(s.session().gracefulRestartTime()).isEqualTo(120);
        assertThat(s.session().families()).containsExactly(AfiSafi.IPV4_UNICAST);
        assertThat(s.session().password()).isNull();
        assertThat(s.policy().meshPeer()).isTrue();
        assertThat(s.policy().routeReflectorClient()).isFalse();
        assertThat(s.policy().nextHopMode()).isEqualTo(PeerPolicy.NextHopMode.AUTO);
    }

    @Test
    void aPeeringTheSpeakerRefusesIsLeftOutAndNamedWhileTheOthersGoOn() {
        var bad = peer("Global_10_0_0_9", PeerKind.GLOBAL, PeerRole.PEER, "10.0.0.9", 179, 65001, "x".repeat(81), null, false,
                NextHopMode.AUTO, null, 0, null);
        var good = peer("Mesh_10_0_1_7", PeerKind.MESH, PeerRole.PEER, "10.0.1.7", 179, 64512, null, null, false, NextHopMode.AUTO,
                null, 0, "node-b");
        var set = new io.muslin.agent.peers.PeerSet(64512, 179, Optional.empty(), true, List.of(bad, good), List.of());
        List<String> warnings = new java.util.ArrayList<>();
        var desired = SpeakerDesired.of(SpeakerDesired.speaker(64512, IpAddress.parse("10.0.1.5"), 179,
                io.muslin.bgp.settings.SpeakerSettings.GracefulRestart.NOT_RESTARTING), set, MAPPING, List.of(), List.of(),
                java.util.Map.of(), warnings);
        assertThat(desired.peers()).extracting(PeerSpec::address).containsExactly(IpAddress.parse("10.0.1.7"));
        assertThat(warnings).singleElement().asString().startsWith("Global_10_0_0_9 (why) left out: password");
    }

    @Test
    void aGlobalPeerCarriesItsPortPasswordTtlRestartTimeNextHopAndRole() {
        PeerSpec s = MAPPING.toSpec(peer("Global_fd00__9_port_1790", PeerKind.GLOBAL, PeerRole.ROUTE_REFLECTOR_CLIENT, "fd00::9",
                1790, 65001, "s3cret", null, false, NextHopMode.SELF, Duration.ofMinutes(5), 1, null));
        assertThat(s.session().port()).isEqualTo(1790);
        assertThat(s.session().asNumber()).isEqualTo(65001);
        assertThat(s.session().password()).isEqualTo("s3cret");
        assertThat(s.session().ttlSecurity()).isEqualTo(1);
        assertThat(s.session().localAddress()).isNull();
        assertThat(s.session().passive()).isFalse();
        assertThat(s.session().gracefulRestartTime()).as("maxRestartTime 5m").isEqualTo(300);
        assertThat(s.session().families()).containsExactly(AfiSafi.IPV6_UNICAST);
        assertThat(s.policy().meshPeer()).as("not a node of the cluster").isFalse();
        assertThat(s.policy().routeReflectorClient()).isTrue();
        assertThat(s.policy().nextHopMode()).isEqualTo(PeerPolicy.NextHopMode.SELF);
        assertThat(MAPPING.toSpec(peer("n", PeerKind.NODE, PeerRole.PEER, "10.0.0.9", 179, 1, null, null, false, NextHopMode.KEEP,
                Duration.ofHours(2), 0, null)).session().gracefulRestartTime()).as("capped at 4095 s (RFC 4724)").isEqualTo(4095);
    }

    @Test
    void bfdFromTheBgpPeerTakesTheDefaultsForUnsetFields() {
        DesiredPeer base = peer("Global_10_1_0_1", PeerKind.GLOBAL, PeerRole.PEER, "10.1.0.1", 179, 65100, null, null, false,
                NextHopMode.AUTO, null, 0, null);
        assertThat(MAPPING.toSpec(base).bfd()).isNull();
        DesiredPeer withBfd = new DesiredPeer(base.name(), base.kind(), base.role(), base.address(), base.port(),
                base.asNumber(), base.password(), base.sourceAddress(), base.passive(), base.nextHopMode(),
                base.maxRestartTime(), base.ttlSecurity(), base.filters(), base.peerNode(), base.resource(), base.description(),
                Optional.of(new io.muslin.datastore.model.BGPPeer.Bfd(null, 100, null, true)));
        assertThat(MAPPING.toSpec(withBfd).bfd()).isEqualTo(new io.muslin.bgp.settings.BfdSpec(300, 100, 3, true));
    }
}

package io.muslin.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.BestRoute;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer whose session runs elsewhere, fed straight into the speaker's RIB: no sockets. */
class ExternalPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final IpAddress TOR = IpAddress.parse("192.0.2.254");
    private static final IpAddress US = IpAddress.parse("192.0.2.1");
    private static final IpPrefix THEIRS = IpPrefix.parse("10.1.0.0/24");
    private static final IpPrefix OURS = IpPrefix.parse("10.244.1.0/26");

    private Speaker speaker;
    private final Map<IpPrefix, BestRoute> stream = new ConcurrentHashMap<>();
    private final List<Update> exported = new CopyOnWriteArrayList<>();
    private ExternalPeer peer;

    @BeforeEach
    void setUp() throws Exception {
        speaker = new Speaker(DesiredState.of(SpeakerSettings.of(64512, US)));
        speaker.subscribe(new LocRibListener() {
            @Override
            public void snapshot(List<RouteChange> routes, boolean complete) {
                changes(routes);
            }

            @Override
            public void changes(List<RouteChange> changes) {
                for (RouteChange c : changes) {
                    if (c.withdrawn()) {
                        stream.remove(c.prefix());
                    } else {
                        stream.put(c.prefix(), c.best());
                    }
                }
            }
        });
        speaker.start();
        peer = speaker.addExternalPeer(PeerSpec.of(TOR, 65000).withDescription("tor"), exported::addAll);
    }

    @AfterEach
    void tearDown() {
        speaker.close();
    }

    @Test
    void itsRoutesJoinTheLocRibAndLeaveWhenItGoesDown() {
        peer.up(65000, IpAddress.parse("192.0.2.254"), List.of(AfiSafi.IPV4_UNICAST), US);
        peer.announce(List.of(THEIRS), List.of(PathAttribute.Origin.IGP, new PathAttribute.AsPath(
                List.of(AsPathSegment.sequence(65000, 65001)))), List.of(TOR));
        Await.until(WAIT, "the route in the Loc-RIB stream", () -> stream.containsKey(THEIRS));
        assertThat(stream.get(THEIRS).nextHops()).containsExactly(TOR);
        assertThat(stream.get(THEIRS).sourcePeer()).isEqualTo(TOR);
        assertThat(stream.get(THEIRS).asPathLength()).isEqualTo(2);
        Await.until(WAIT, "the status counts it", () -> speaker.peerStatus(TOR).orElseThrow().prefixesReceived() == 1);
        PeerStatus s = speaker.status().peer(TOR).orElseThrow();
        assertThat(s.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(s.description()).isEqualTo("tor");

        peer.down("exabgp exited with 137");
        Await.until(WAIT, "its route gone", () -> !stream.containsKey(THEIRS));
        assertThat(speaker.peerStatus(TOR).orElseThrow().state()).isEqualTo(SessionState.IDLE);
        assertThat(speaker.peerStatus(TOR).orElseThrow().lastDownReason()).isEqualTo("exabgp exited with 137");
    }

    @Test
    void itGetsOurRoutesAsTheRibWouldSendThemAndAgainAfterEachUp() {
        speaker.apply(speaker.desired().withOriginated(List.of(OriginatedRoute.of(OURS))));
        peer.up(65000, TOR, List.of(AfiSafi.IPV4_UNICAST), US);
        Await.until(WAIT, "our route exported", () -> exported.stream().anyMatch(u -> u.nlri().contains(OURS)));
        Update u = exported.stream().filter(x -> x.nlri().contains(OURS)).findFirst().orElseThrow();
        // eBGP: our AS prepended, next hop our end of the session (RFC 4271 §5.1.2, §5.1.3).
        assertThat(u.attribute(PathAttribute.AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(64512));
        assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(US);

        peer.down("session reset");
        exported.clear();
        peer.up(65000, TOR, List.of(AfiSafi.IPV4_UNICAST), US);
        Await.until(WAIT, "our route exported again after the next up", () -> exported.stream().anyMatch(x -> x.nlri().contains(OURS)));
    }

    @Test
    void oneAddressIsOnePeer() {
        assertThatThrownBy(() -> speaker.addExternalPeer(PeerSpec.of(TOR, 65000), x -> { }))
                .isInstanceOf(SettingException.class).hasMessageContaining("already a peer");
        speaker.removeExternalPeer(TOR);
        assertThat(speaker.peerStatus(TOR)).isEmpty();
    }
}

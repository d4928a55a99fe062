package io.muslin.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.AttrSet;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Route reflection (RFC 4456) between real speakers on loopback: two reflectors of one cluster,
 * each with the same two clients. A client's route reaches the other client through both
 * reflectors with ORIGINATOR_ID and CLUSTER_LIST set, and what one reflector reflects to the other
 * is dropped there as a cluster loop.
 */
class RouteReflectionTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final long AS = 64512;
    static final IpAddress CLUSTER = IpAddress.parse("10.10.10.10");

    @Test
    void clientsLearnEachOthersRoutesThroughTheReflectors() throws Exception {
        IpPrefix c1Block = IpPrefix.parse("10.244.41.0/26"), c2Block = IpPrefix.parse("10.244.42.0/26");
        try (LoopbackSpeaker rr1 = new LoopbackSpeaker("127.0.0.40", AS, List.of(), CLUSTER);
             LoopbackSpeaker rr2 = new LoopbackSpeaker("127.0.0.43", AS, List.of(), CLUSTER);
             LoopbackSpeaker c1 = new LoopbackSpeaker("127.0.0.41", AS, List.of(c1Block));
             LoopbackSpeaker c2 = new LoopbackSpeaker("127.0.0.42", AS, List.of(c2Block))) {
            PeerPolicy client = PeerPolicy.DEFAULT.withRouteReflectorClient(true);
            for (LoopbackSpeaker rr : List.of(rr1, rr2)) {
                rr.peerWith(c1, null, client);
                rr.peerWith(c2, null, client);
                c1.peerWith(rr, null);
                c2.peerWith(rr, null);
            }
            BgpPeer between = rr1.peerWith(rr2, null);
            rr2.peerWith(rr1, null);
            Await.until(WAIT, "the reflectors' session", () -> between.state() == SessionState.ESTABLISHED);
            Await.until(WAIT, "c2 learns c1's block from both reflectors",
                    () -> c2.accepted("127.0.0.40").containsKey(c1Block) && c2.accepted("127.0.0.43").containsKey(c1Block));
            AttrSet reflected = c2.accepted("127.0.0.40").get(c1Block);
            assertThat(reflected.find(PathAttribute.OriginatorId.class).routerId()).as("ORIGINATOR_ID = c1").isEqualTo(0x7F000029);
            assertThat(reflected.find(PathAttribute.ClusterList.class).clusterIds()).containsExactly(CLUSTER.v4Int());
            assertThat(reflected.nextHops()).as("the reflector keeps c1's next hop").containsExactly(IpAddress.parse("192.0.2.41"));
            Await.until(WAIT, "c1 learns c2's block", () -> c1.accepted("127.0.0.40").containsKey(c2Block));
            assertThat(c1.accepted("127.0.0.40")).as("never reflected back to its originator").doesNotContainKey(c1Block);

            // rr1 reflects c1's route to rr2 (a non-client): rr2 sees its own cluster id and drops it.
            Await.until(WAIT, "rr2 received c1's block from rr1", () -> rr2.received("127.0.0.40").containsKey(c1Block));
            assertThat(rr2.received("127.0.0.40").get(c1Block).find(PathAttribute.ClusterList.class).clusterIds())
                    .containsExactly(CLUSTER.v4Int());
            assertThat(rr2.accepted("127.0.0.40")).as("cluster loop rejected").doesNotContainKey(c1Block);
            assertThat(rr2.accepted("127.0.0.41")).containsKey(c1Block);
        }
    }
}

package io.muslin.bgp.contract;

import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import io.muslin.testing.Netns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The embedded speaker (its own Netty session) against the route-stream contract. */
class EmbeddedRouteStreamTest extends RouteStreamContract {
    @Override
    protected Source start(Netns ours, Path dir, LocRibListener listener) throws Exception {
        PeerSpec bird = new PeerSpec(IpAddress.parse(THEIRS), "bird", SessionSpec.of(THEIR_AS)
                .withLocalAddress(IpAddress.parse(OURS)).withFamilies(List.of(AfiSafi.IPV4_UNICAST)).withHoldTime(9)
                .withConnectRetry(Duration.ofSeconds(1)), PeerPolicy.DEFAULT);
        DesiredState desired = DesiredState.of(SpeakerSettings.of(OUR_AS, IpAddress.parse(OURS))).withPeers(List.of(bird));
        Speaker speaker = new Speaker(desired, 1, ours.executor());
        speaker.subscribe(listener);
        speaker.start();
        return new Source() {
            @Override
            public Speaker speaker() {
                return speaker;
            }

            @Override
            public void close() {
                speaker.close();
            }
        };
    }
}

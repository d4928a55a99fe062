package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BGP-LS through real ExaBGP 4.2: recorded BGP-LS UPDATEs of real routers, sent by a raw BGP
 * peer in one namespace to ExaBGP in another, become nodes, links and prefixes of the bridge's
 * topology; they go when the session ends.
 */
class LinkStateInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void nodesLinksAndPrefixesFromARealBgpLsSession() throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), Prerequisites.executableReason("exabgp", "/usr/sbin/exabgp"));
        try (Netns ours = Netns.create("lsi-a"); Netns theirs = Netns.create("lsi-b")) {
            Netns.link(ours, "eth0", List.of("10.79.0.1/24"), theirs, "eth0", List.of("10.79.0.2/24"));
            try (RawBgpSource source = new RawBgpSource(theirs.executor(), "10.79.0.2");
                 Speaker speaker = new Speaker(DesiredState.of(SpeakerSettings.of(64512, IpAddress.parse("10.79.0.1"))))) {
                speaker.start();
                CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                    try {
                        source.serve(64512, "10.79.0.2", RawBgpSource.recorded("/bgp-ls-updates.hex"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                PeerSpec peer = new PeerSpec(IpAddress.parse("10.79.0.2"), "fabric", SessionSpec.of(64512)
                        .withLocalAddress(IpAddress.parse("10.79.0.1")).withFamilies(List.of(AfiSafi.IPV4_UNICAST)),
                        PeerPolicy.DEFAULT);
                try (ExabgpBridge bridge = new ExabgpBridge(speaker, ExabgpSettings.of(dir, 64512, IpAddress.parse("10.79.0.1"),
                        List.of(new ExabgpNeighbor(peer, true))).withLauncher(List.of("ip", "netns", "exec", ours.name())))) {
                    bridge.start();
                    served.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                    Await.until(WAIT, "the link and three nodes in the topology", () -> {
                        LinkStateTopology.Snapshot s = bridge.topology().snapshot();
                        return s.links().size() == 1 && s.nodes().size() >= 4;
                    });
                    LinkStateTopology.Snapshot s = bridge.topology().snapshot();
                    assertThat(s.nodes()).extracting(LinkStateTopology.Node::id).contains("as15924/010134000041",
                            "as64531/192168251231", "as65001/area0.0.0.0/10.1.1.1", "as65001/area0.0.0.0/10.1.4.1");
                    assertThat(s.nodes()).filteredOn(n -> n.id().equals("as15924/010134000041")).singleElement()
                            .satisfies(n -> assertThat(n.name()).isEqualTo("router"));
                    assertThat(s.nodes()).filteredOn(n -> n.id().equals("as64531/192168251231")).singleElement()
                            .satisfies(n -> {
                                assertThat(n.name()).isEqualTo("HL5MMT1-107-IXR-R6");
                                assertThat(n.learnedFrom()).containsExactly("10.79.0.2");
                            });
                    assertThat(s.links()).singleElement().satisfies(l -> {
                        assertThat(l.local()).isEqualTo("as65001/area0.0.0.0/10.1.1.1");
                        assertThat(l.remote()).isEqualTo("as65001/area0.0.0.0/10.1.4.1");
                        assertThat(l.localAddresses()).containsExactly("10.1.1.1");
                        assertThat(l.remoteAddresses()).containsExactly("10.1.1.2");
                        assertThat(l.igpMetric()).isEqualTo(1L);
                    });
                    assertThat(s.prefixes()).singleElement().satisfies(p -> assertThat(p.prefix()).isEqualTo("10.134.2.88/30"));

                    source.close();
                    Await.until(WAIT, "the topology emptied when the BGP-LS session ended",
                            () -> bridge.topology().snapshot().equals(LinkStateTopology.Snapshot.EMPTY));
                }
            }
        }
    }
}

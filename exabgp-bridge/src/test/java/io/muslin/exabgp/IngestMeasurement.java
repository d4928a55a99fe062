package io.muslin.exabgp;

import io.muslin.bgp.contract.BirdPeer;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RouteChange;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement run by hand, not a test ({@code -Dmuslin.measure=true -Dtest=IngestMeasurement}):
 * how long BIRD's table of {@code muslin.measure.routes} (default 20,000) IPv4 routes takes to
 * reach the Loc-RIB through ExaBGP and the bridge, against the embedded speaker's own session to
 * the same BIRD in the same run. Prints both times and their ratio.
 */
@EnabledIfSystemProperty(named = "muslin.measure", matches = "true")
class IngestMeasurement {
    @TempDir
    Path dir;

    @Test
    void bridgeAgainstEmbeddedSpeaker() throws Exception {
        int n = Integer.getInteger("muslin.measure.routes", 20_000);
        List<String> routes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            routes.add("10." + (100 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + "/32");
        }
        long embedded = run(false, routes);
        long bridge = run(true, routes);
        System.out.printf("routes %d: embedded speaker %d ms, ExaBGP bridge %d ms, ratio %.2f (load %s)%n", n, embedded, bridge,
                (double) bridge / embedded, Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private long run(boolean viaExabgp, List<String> routes) throws Exception {
        Path d = dir.resolve(viaExabgp ? "bridge" : "embedded");
        Files.createDirectories(d.resolve("bird"));
        try (Netns ours = Netns.create("ing-a"); Netns theirs = Netns.create("ing-b")) {
            Netns.link(ours, "eth0", List.of("10.78.0.1/24"), theirs, "eth0", List.of("10.78.0.2/24"));
            AtomicInteger count = new AtomicInteger();
            LocRibListener listener = new LocRibListener() {
                @Override
                public void snapshot(List<RouteChange> r, boolean complete) {
                    changes(r);
                }

                @Override
                public void changes(List<RouteChange> changes) {
                    for (RouteChange c : changes) {
                        count.addAndGet(c.withdrawn() ? -1 : 1);
                    }
                }
            };
            PeerSpec bird = new PeerSpec(IpAddress.parse("10.78.0.2"), "bird", SessionSpec.of(65010)
                    .withLocalAddress(IpAddress.parse("10.78.0.1")).withFamilies(List.of(AfiSafi.IPV4_UNICAST))
                    .withConnectRetry(Duration.ofSeconds(1)), PeerPolicy.DEFAULT);
            DesiredState desired = DesiredState.of(SpeakerSettings.of(64512, IpAddress.parse("10.78.0.1")));
            try (BirdPeer peer = new BirdPeer(theirs, d.resolve("bird"), "10.78.0.2", 65010, "10.78.0.1", 64512)) {
                peer.start(routes);
                long start = System.nanoTime();
                try (Speaker speaker = new Speaker(viaExabgp ? desired : desired.withPeers(List.of(bird)), 1, ours.executor())) {
                    speaker.subscribe(listener);
                    speaker.start();
                    ExabgpBridge bridge = null;
                    if (viaExabgp) {
                        bridge = new ExabgpBridge(speaker, ExabgpSettings.of(d.resolve("exabgp"), 64512, IpAddress.parse("10.78.0.1"),
                                List.of(new ExabgpNeighbor(bird, false))).withLauncher(List.of("ip", "netns", "exec", ours.name())));
                        bridge.start();
                    }
                    Await.until(Duration.ofMinutes(5), routes.size() + " routes in the Loc-RIB", () -> count.get() >= routes.size());
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (bridge != null) {
                        bridge.close();
                    }
                    return ms;
                }
            }
        }
    }
}

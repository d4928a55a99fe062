package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.rib.BestRoute;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 unicast both ways through real ExaBGP and real BIRD over an IPv6 session: BIRD's route
 * arrives with BIRD's global next hop first (its link-local one after), ours reaches BIRD with
 * our address as next hop, and both are withdrawn when they go.
 */
class Ipv6BridgeTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final IpPrefix THEIRS = IpPrefix.parse("fd88:1::/64");
    private static final IpPrefix OURS = IpPrefix.parse("fd99:1::/64");

    @TempDir
    Path dir;

    @Test
    void ipv6RoutesBothWays() throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), Prerequisites.executableReason("exabgp", "/usr/sbin/exabgp"),
                Prerequisites.executableReason("bird2", "/usr/sbin/bird"));
        try (Netns ours = Netns.create("v6b-a"); Netns theirs = Netns.create("v6b-b")) {
            Netns.link(ours, "eth0", List.of("fd78::1/64"), theirs, "eth0", List.of("fd78::2/64"));
            Files.writeString(dir.resolve("bird.conf"), """
                    router id 10.78.0.2;
                    protocol device {}
                    protocol static s6 { ipv6; route fd88:1::/64 blackhole; }
                    protocol bgp muslin {
                      local fd78::2 as 65010;
                      neighbor fd78::1 as 64512;
                      hold time 9; connect retry time 1; error wait time 1, 2; direct;
                      ipv6 { import all; export where source = RTS_STATIC; };
                    }
                    """);
            Process bird = theirs.start(dir.resolve("bird.out"), "/usr/sbin/bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                    "-s", dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString());
            Await.until(Duration.ofSeconds(10), "BIRD's control socket", () -> Files.exists(dir.resolve("bird.ctl")) || !bird.isAlive());
            Map<IpPrefix, BestRoute> stream = new ConcurrentHashMap<>();
            try (Speaker speaker = new Speaker(DesiredState.of(SpeakerSettings.of(64512, IpAddress.parse("10.78.0.1"))))) {
                speaker.subscribe(new LocRibListener() {
                    @Override
                    public void snapshot(List<RouteChange> routes, boolean complete) {
                        changes(routes);
                    }

                    @Override
                    public void changes(List<RouteChange> changes) {
                        changes.forEach(c -> {
                            if (c.withdrawn()) {
                                stream.remove(c.prefix());
                            } else {
                                stream.put(c.prefix(), c.best());
                            }
                        });
                    }
                });
                speaker.start();
                PeerSpec peer = new PeerSpec(IpAddress.parse("fd78::2"), "bird6", SessionSpec.of(65010)
                        .withLocalAddress(IpAddress.parse("fd78::1")).withFamilies(List.of(AfiSafi.IPV6_UNICAST)),
                        PeerPolicy.DEFAULT);
                try (ExabgpBridge bridge = new ExabgpBridge(speaker, ExabgpSettings.of(dir.resolve("exabgp"), 64512,
                        IpAddress.parse("10.78.0.1"), List.of(new ExabgpNeighbor(peer, false)))
                        .withLauncher(List.of("ip", "netns", "exec", ours.name())))) {
                    bridge.start();
                    Await.until(WAIT, "BIRD's IPv6 route in the stream", () -> stream.containsKey(THEIRS));
                    assertThat(stream.get(THEIRS).nextHops().getFirst()).isEqualTo(IpAddress.parse("fd78::2"));
                    assertThat(stream.get(THEIRS).sourcePeer()).isEqualTo(IpAddress.parse("fd78::2"));

                    speaker.apply(speaker.desired().withOriginated(List.of(OriginatedRoute.of(OURS))));
                    Await.until(WAIT, "our IPv6 route at BIRD via fd78::1", () -> {
                        String r = theirs.exec("/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(), "show route protocol muslin");
                        return r.contains("fd99:1::/64") && r.contains("via fd78::1");
                    });
                    speaker.apply(speaker.desired().withOriginated(List.of()));
                    Await.until(WAIT, "our IPv6 route withdrawn at BIRD", () -> !theirs.exec("/usr/sbin/birdc", "-s",
                            dir.resolve("bird.ctl").toString(), "show route protocol muslin").contains("fd99:1::/64"));
                }
            } finally {
                bird.destroyForcibly();
            }
        }
    }
}

package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Muslin as the route reflector of two BIRD clients, three namespaces on one bridge
 * (10.78.0.0/24): a route from one client reaches the other with ORIGINATOR_ID and CLUSTER_LIST,
 * as BIRD itself shows them.
 */
class RouteReflectorInteropTest {
    static final String RR = "10.78.0.2", B1 = "10.78.0.11", B2 = "10.78.0.12";
    @TempDir
    Path dir;
    final List<Netns> namespaces = new ArrayList<>();
    final List<Process> birds = new ArrayList<>();
    Speaker muslin;

    @AfterEach
    void teardown() {
        if (muslin != null) {
            muslin.close();
        }
        birds.forEach(Daemons::stop);
        namespaces.forEach(Netns::close);
    }

    Netns ns(String name) {
        Netns n = Netns.create(name);
        namespaces.add(n);
        return n;
    }

    Process bird(Netns ns, String name, String me, String route) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, """
                router id %s;
                protocol device {}
                protocol static { ipv4; route %s blackhole; }
                protocol bgp reflector {
                  local %s as 64512; neighbor %s as 64512; direct;
                  hold time 9; connect retry time 1;
                  ipv4 { import all; export where source = RTS_STATIC; next hop self; };
                }
                """.formatted(me, route, me, RR));
        Process p = ns.start(dir.resolve(name + ".out"), "/usr/sbin/bird", "-f", "-c", conf.toString(), "-s",
                dir.resolve(name + ".ctl").toString());
        birds.add(p);
        return p;
    }

    String birdc(Netns ns, String name, String command) {
        return ns.exec("/usr/sbin/birdc", "-s", dir.resolve(name + ".ctl").toString(), command);
    }

    @Test
    void reflectsBetweenClientsWithOriginatorIdAndClusterList() throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), Prerequisites.executableReason("bird2", "/usr/sbin/bird"));
        String tag = Long.toHexString(System.nanoTime() & 0xFFFF);
        Netns sw = ns("mbgp-rr" + tag + "-sw"), m = ns("mbgp-rr" + tag + "-m"),
                b1 = ns("mbgp-rr" + tag + "-b1"), b2 = ns("mbgp-rr" + tag + "-b2");
        sw.bridge("br0");
        sw.plug("br0", m, "eth0", List.of(RR + "/24"));
        sw.plug("br0", b1, "eth0", List.of(B1 + "/24"));
        sw.plug("br0", b2, "eth0", List.of(B2 + "/24"));
        bird(b1, "b1", B1, "10.1.1.0/24");
        bird(b2, "b2", B2, "10.1.2.0/24");
        PeerPolicy client = PeerPolicy.DEFAULT.withRouteReflectorClient(true);
        SessionSpec session = SessionSpec.of(64512).withConnectRetry(Duration.ofSeconds(1))
                .withFamilies(List.of(AfiSafi.IPV4_UNICAST));
        muslin = new Speaker(new DesiredState(SpeakerSettings.of(64512, IpAddress.parse(RR)).withListen(IpAddress.parse(RR), 179),
                RoutingSettings.DEFAULT.withClusterId(IpAddress.parse("10.78.0.200")),
                List.of(new PeerSpec(IpAddress.parse(B1), "route reflector client", session, client),
                        new PeerSpec(IpAddress.parse(B2), "route reflector client", session, client)), List.of()),
                1, m.executor());
        muslin.start();
        Interop.waitFor("both clients Established", () -> muslin.peer(IpAddress.parse(B1)).state() == SessionState.ESTABLISHED
                && muslin.peer(IpAddress.parse(B2)).state() == SessionState.ESTABLISHED);
        Interop.waitFor("b2 learns b1's route through the reflector",
                () -> birdc(b2, "b2", "show route protocol reflector").contains("10.1.1.0/24"));
        String all = birdc(b2, "b2", "show route all 10.1.1.0/24");
        assertThat(all).contains("BGP.originator_id: " + B1);
        assertThat(all).contains("BGP.cluster_list: 10.78.0.200");
        assertThat(all).contains("BGP.next_hop: " + B1);
        Interop.waitFor("b1 learns b2's route", () -> birdc(b1, "b1", "show route protocol reflector").contains("10.1.2.0/24"));
        assertThat(birdc(b1, "b1", "show route protocol reflector")).as("b1 never gets its own route back").doesNotContain("10.1.1.0/24");

        // A new cluster id at runtime: reflected again with it, sessions untouched.
        Instant since = muslin.peerStatus(IpAddress.parse(B2)).orElseThrow().establishedSince();
        muslin.apply(muslin.desired().withRouting(RoutingSettings.DEFAULT.withClusterId(IpAddress.parse("10.78.0.201"))));
        Interop.waitFor("b2 sees the new cluster id", () -> birdc(b2, "b2", "show route all 10.1.1.0/24")
                .contains("BGP.cluster_list: 10.78.0.201"));
        assertThat(muslin.peerStatus(IpAddress.parse(B2)).orElseThrow().establishedSince()).isEqualTo(since);
        assertThat(birdc(b2, "b2", "show protocols reflector")).contains("Established");
    }
}

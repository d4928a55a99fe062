package io.muslin.bgp.interop;

import io.muslin.testing.Netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.cli.SpeakerConfig;
import io.muslin.bgp.cli.StandaloneSpeaker;
import io.muslin.bgp.fsm.SessionState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
    StandaloneSpeaker muslin;

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
        String reason = Netns.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/bird")), "BIRD 2 is not installed");
        String tag = Long.toHexString(System.nanoTime() & 0xFFFF);
        Netns sw = ns("mbgp-rr" + tag + "-sw"), m = ns("mbgp-rr" + tag + "-m"),
                b1 = ns("mbgp-rr" + tag + "-b1"), b2 = ns("mbgp-rr" + tag + "-b2");
        sw.bridge("br0");
        sw.plug("br0", m, "eth0", List.of(RR + "/24"));
        sw.plug("br0", b1, "eth0", List.of(B1 + "/24"));
        sw.plug("br0", b2, "eth0", List.of(B2 + "/24"));
        bird(b1, "b1", B1, "10.1.1.0/24");
        bird(b2, "b2", B2, "10.1.2.0/24");
        muslin = new StandaloneSpeaker(SpeakerConfig.parse("""
                asNumber: 64512
                routerId: %s
                clusterId: 10.78.0.200
                listen: {address: %s, port: 179}
                connectRetry: 1
                peers:
                  - {address: %s, asNumber: 64512, routeReflectorClient: true, families: [ipv4-unicast]}
                  - {address: %s, asNumber: 64512, routeReflectorClient: true, families: [ipv4-unicast]}
                """.formatted(RR, RR, B1, B2)), false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                m.executor());
        muslin.start();
        Interop.waitFor("both clients Established", () -> muslin.peer(B1).state() == SessionState.ESTABLISHED
                && muslin.peer(B2).state() == SessionState.ESTABLISHED);
        Interop.waitFor("b2 learns b1's route through the reflector",
                () -> birdc(b2, "b2", "show route protocol reflector").contains("10.1.1.0/24"));
        String all = birdc(b2, "b2", "show route all 10.1.1.0/24");
        assertThat(all).contains("BGP.originator_id: " + B1);
        assertThat(all).contains("BGP.cluster_list: 10.78.0.200");
        assertThat(all).contains("BGP.next_hop: " + B1);
        Interop.waitFor("b1 learns b2's route", () -> birdc(b1, "b1", "show route protocol reflector").contains("10.1.2.0/24"));
        assertThat(birdc(b1, "b1", "show route protocol reflector")).as("b1 never gets its own route back").doesNotContain("10.1.1.0/24");
    }
}

package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.cli.SpeakerConfig;
import io.muslin.bgp.cli.StandaloneSpeaker;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.transport.BgpPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interop scenarios every daemon runs: Muslin in namespace M (in this JVM, sockets made in M),
 * the daemon in namespace P, one veth between them: 10.77.0.2/fd77::2 (Muslin) and 10.77.0.1/fd77::1.
 */
abstract class InteropScenarios {
    static final String M4 = "10.77.0.2", M6 = "fd77::2", P4 = "10.77.0.1", P6 = "fd77::1";
    static final List<String> MUSLIN_ORIGINATES = List.of("10.244.1.0/26", "10.244.1.64/26", "fd00:10:244:1::/64");
    static final List<String> PEER4 = List.of("10.1.1.0/24", "10.1.2.0/24");
    static final List<String> PEER6 = List.of("fd01:1::/64");

    @TempDir
    Path dir;
    Netns m;
    Netns p;
    PeerDaemon daemon;
    StandaloneSpeaker muslin;
    final ByteArrayOutputStream events = new ByteArrayOutputStream();

    abstract PeerDaemon newDaemon();

    /** The running test method's name (known before {@link #newDaemon()} is called). */
    String testName = "";

    @BeforeEach
    void topology(org.junit.jupiter.api.TestInfo info) {
        testName = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        String reason = Netns.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        daemon = newDaemon();
        Assumptions.assumeTrue(daemon.unavailableReason() == null, daemon.unavailableReason());
        String tag = daemon.name().substring(0, Math.min(4, daemon.name().length())) + Long.toHexString(System.nanoTime() & 0xFFFF);
        m = Netns.create("mbgp-" + tag + "-m");
        p = Netns.create("mbgp-" + tag + "-p");
        Netns.link(m, "eth0", List.of(M4 + "/24", M6 + "/64"), p, "eth0", List.of(P4 + "/24", P6 + "/64"));
    }

    @AfterEach
    void teardown() throws Exception {
        if (muslin != null) {
            muslin.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (m != null) {
            m.close();
        }
        if (p != null) {
            p.close();
        }
        if (daemon != null && dir != null) {
            for (String f : new String[] {"bird.log", "frr.log", "gobgpd.log", "exabgp.log"}) {
                Path log = dir.resolve(f);
                if (Files.exists(log)) {
                    System.out.println("---- " + f + "\n" + Files.readString(log));
                }
            }
        }
        System.out.println("---- muslin events\n" + events.toString(StandardCharsets.UTF_8));
    }

    void startDaemon(long as, long muslinAs, String password, int hold) throws Exception {
        startDaemon(as, muslinAs, password, hold, PEER4);
    }

    void startDaemon(long as, long muslinAs, String password, int hold, List<String> originate4) throws Exception {
        daemon.start(p, dir, new DaemonConfig(as, P4, P4, P6, muslinAs, M4, M6, password, hold, originate4, PEER6));
    }

    void startMuslin(long as, long peerAs, String password, int hold) throws Exception {
        startMuslin(as, peerAs, password, hold, "");
    }

    /** @param peerOptions extra YAML flow-mapping entries for both peers, e.g. ", ttlSecurity: 1" */
    void startMuslin(long as, long peerAs, String password, int hold, String peerOptions) throws Exception {
        startMuslin(as, peerAs, password, hold, peerOptions, "");
    }

    /** @param topYaml extra top-level YAML (e.g. filters) */
    void startMuslin(long as, long peerAs, String password, int hold, String peerOptions, String topYaml) throws Exception {
        String pw = (password == null ? "" : ", password: \"" + password + "\"") + peerOptions;
        String yaml = """
                asNumber: %d
                routerId: %s
                listen: {address: "::", port: 179}
                holdTime: %d
                connectRetry: 1
                peers:
                  - {address: %s, asNumber: %d, families: [ipv4-unicast], passive: %s%s}
                  - {address: "%s", asNumber: %d, families: [ipv6-unicast], passive: %s%s}
                originate: [%s]
                %s
                """.formatted(as, M4, hold, P4, peerAs, daemon.muslinPassive(), pw, P6, peerAs, daemon.muslinPassive(), pw,
                String.join(", ",
                MUSLIN_ORIGINATES.stream().map(s -> "\"" + s + "\"").toList()), topYaml);
        muslin = new StandaloneSpeaker(SpeakerConfig.parse(yaml), true, new PrintStream(events, true, StandardCharsets.UTF_8),
                m.executor());
        muslin.start();
    }

    BgpPeer peer(String address) {
        return muslin.peer(address);
    }

    /** What Muslin accepted from the peer at {@code address} (loops dropped): prefix → attributes. */
    java.util.Map<io.muslin.bgp.wire.IpPrefix, io.muslin.bgp.rib.AttrSet> received(String address) {
        return muslin.rib().query(c -> c.acceptedFrom(io.muslin.bgp.wire.IpPrefix.formatAddress(InetAddress.ofLiteral(address)))).join();
    }

    void awaitEstablished() {
        Interop.waitFor("both sessions with " + daemon.name() + " Established",
                () -> peer(P4).state() == SessionState.ESTABLISHED && peer(P6).state() == SessionState.ESTABLISHED);
    }

    void awaitRoutesBothWays() throws Exception {
        Interop.waitFor("Muslin received " + daemon.name() + "'s routes",
                () -> received(P4).size() == PEER4.size() && received(P6).size() == PEER6.size());
        Interop.waitFor("routes from Muslin in " + daemon.name() + "'s RIB", () -> {
            try {
                return daemon.prefixesFromMuslin().equals(Set.copyOf(MUSLIN_ORIGINATES));
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(daemon.prefixesFromMuslin()).containsExactlyInAnyOrderElementsOf(MUSLIN_ORIGINATES);
        assertThat(received(P4).keySet()).extracting(Object::toString).containsExactlyInAnyOrderElementsOf(PEER4);
        assertThat(received(P6).keySet()).extracting(Object::toString).containsExactlyInAnyOrderElementsOf(PEER6);
    }

    @Test
    void ibgpWithFourOctetAsCarriesIpv4AndIpv6BothWays() throws Exception {
        startDaemon(4200000001L, 4200000001L, null, 9);
        startMuslin(4200000001L, 4200000001L, null, 9);
        awaitEstablished();
        assertThat(peer(P4).negotiated().fourOctetAs()).isTrue();
        assertThat(peer(P4).negotiated().external()).isFalse();
        awaitRoutesBothWays();
        assertThat(received(P4).values()).allSatisfy(r ->
                assertThat(r.nextHops()).containsExactly(InetAddress.ofLiteral(P4)));
    }

    @Test
    void ebgpCarriesIpv4AndIpv6BothWays() throws Exception {
        startDaemon(65001, 4200000001L, null, 9);
        startMuslin(4200000001L, 65001, null, 9);
        awaitEstablished();
        assertThat(peer(P4).negotiated().external()).isTrue();
        awaitRoutesBothWays();
        assertThat(received(P4).values()).allSatisfy(r -> assertThat(r.asPath().firstAs()).isEqualTo(65001));
    }

    @Test
    void md5WithTheRightPasswordEstablishesAndWithAWrongOneDoesNot() throws Exception {
        startDaemon(65001, 64512, "muslin-secret", 9);
        startMuslin(64512, 65001, "muslin-secret", 9);
        awaitEstablished();
        muslin.close();
        muslin = null;
        startMuslin(64512, 65001, "wrong-secret", 9);
        Thread.sleep(6000);
        assertThat(peer(P4).state()).isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(peer(P4).messagesReceived()).as("no segment with a wrong MD5 signature gets through").isZero();
    }

    @Test
    void frozenPeerIsDetectedByTheHoldTimer() throws Exception {
        startDaemon(65001, 64512, null, 3);
        startMuslin(64512, 65001, null, 3);
        awaitEstablished();
        long pid = daemon.process().pid();
        Netns.run(List.of("kill", "-STOP", Long.toString(pid)));
        try {
            long start = System.nanoTime();
            Interop.waitFor(Duration.ofSeconds(15), "hold timer to expire",
                    () -> peer(P4).state() != SessionState.ESTABLISHED);
            long took = (System.nanoTime() - start) / 1_000_000;
            assertThat(peer(P4).lastDownReason()).isEqualTo("hold-timer-expired");
            assertThat(took).as("detected within the 3 s hold time plus slack").isLessThan(8000);
        } finally {
            Netns.run(List.of("kill", "-CONT", Long.toString(pid)));
        }
    }

    @Test
    void restartedPeerIsReconnectedAutomatically() throws Exception {
        startDaemon(65001, 64512, null, 9);
        startMuslin(64512, 65001, null, 9);
        awaitEstablished();
        awaitRoutesBothWays();
        daemon.restart();
        Interop.waitFor("session to go down", () -> !peer(P4).lastDownReason().isEmpty());
        awaitEstablished();
        awaitRoutesBothWays();
    }
}

package io.muslin.bgp.interop;

import io.muslin.testing.Netns;

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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two namespaces for one test: Muslin in M (in this JVM, sockets made in M), a real daemon in P,
 * one veth between them: 10.77.0.2/fd77::2 (Muslin) and 10.77.0.1/fd77::1. Both are always
 * removed, with the daemon and whatever else the test started in them.
 */
abstract class InteropTopology {
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

    /** The start of both namespaces' names (each test class family has its own). */
    String namespacePrefix() {
        return "mbgp-";
    }

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
        m = Netns.create(namespacePrefix() + tag + "-m");
        p = Netns.create(namespacePrefix() + tag + "-p");
        Netns.link(m, "eth0", List.of(M4 + "/24", M6 + "/64"), p, "eth0", List.of(P4 + "/24", P6 + "/64"));
    }

    @AfterEach
    void teardown() throws Exception {
        // Each step runs even if one before it fails: a daemon left running outlives its namespace.
        quietly(() -> {
            if (muslin != null) {
                muslin.close();
            }
        });
        quietly(() -> {
            if (daemon != null) {
                daemon.close();
            }
        });
        quietly(() -> {
            if (m != null) {
                m.close();
            }
        });
        quietly(() -> {
            if (p != null) {
                p.close();
            }
        });
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
        startMuslin(muslinYaml(as, peerAs, password, hold, peerOptions, topYaml));
    }

    /**
     * Muslin's config: listens on port 179, one peer per daemon address (v4 and v6), originates
     * {@link #MUSLIN_ORIGINATES}; {@code topYaml} is appended (e.g. filters or a gracefulRestart block).
     */
    String muslinYaml(long as, long peerAs, String password, int hold, String peerOptions, String topYaml) {
        String pw = (password == null ? "" : ", password: \"" + password + "\"") + peerOptions;
        return """
                asNumber: %d
                routerId: %s
                listen: {address: "::", port: 179}
                holdTime: %d
                connectRetry: 1
                peers:
                  - {address: %s, asNumber: %d, families: [ipv4-unicast], passive: %s%s}
                  - {address: "%s", asNumber: %d, families: [ipv6-unicast], passive: %s%s}
                originate: [%s]
                """.formatted(as, M4, hold, P4, peerAs, daemon.muslinPassive(), pw, P6, peerAs, daemon.muslinPassive(), pw,
                String.join(", ", MUSLIN_ORIGINATES.stream().map(s -> "\"" + s + "\"").toList())) + topYaml;
    }

    /** Starts Muslin in this JVM with its sockets in namespace M. */
    void startMuslin(String yaml) throws Exception {
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

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            System.err.println("teardown step failed: " + e);
        }
    }
}

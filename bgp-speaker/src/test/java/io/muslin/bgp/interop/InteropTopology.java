package io.muslin.bgp.interop;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
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
    Speaker muslin;
    final List<String> events = new CopyOnWriteArrayList<>();

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
        Prerequisites.require(Netns.unavailableReason());
        daemon = newDaemon();
        Prerequisites.require(daemon.unavailableReason());
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
        System.out.println("---- muslin events\n" + String.join("\n", events));
    }

    void startDaemon(long as, long muslinAs, String password, int hold) throws Exception {
        startDaemon(as, muslinAs, password, hold, PEER4);
    }

    void startDaemon(long as, long muslinAs, String password, int hold, List<String> originate4) throws Exception {
        daemon.start(p, dir, new DaemonConfig(as, P4, P4, P6, muslinAs, M4, M6, password, hold, originate4, PEER6));
    }

    void startMuslin(long as, long peerAs, String password, int hold) throws Exception {
        startMuslin(as, peerAs, password, hold, UnaryOperator.identity());
    }

    /** @param peerOptions changes both peers (e.g. a filter, TTL security, max-prefix) */
    void startMuslin(long as, long peerAs, String password, int hold, UnaryOperator<PeerSpec> peerOptions) throws Exception {
        startMuslin(muslinState(as, peerAs, password, hold, peerOptions));
    }

    /**
     * Muslin's desired state: listens on port 179, one peer per daemon address (v4 and v6, each
     * with its one family), originates {@link #MUSLIN_ORIGINATES}.
     */
    DesiredState muslinState(long as, long peerAs, String password, int hold, UnaryOperator<PeerSpec> peerOptions) {
        SessionSpec session = SessionSpec.of(peerAs).withPassword(password).withHoldTime(hold)
                .withConnectRetry(Duration.ofSeconds(1)).withPassive(daemon.muslinPassive());
        List<PeerSpec> peers = List.of(
                peerOptions.apply(new PeerSpec(IpAddress.parse(P4), daemon.name() + " v4",
                        session.withFamilies(List.of(AfiSafi.IPV4_UNICAST)), PeerPolicy.DEFAULT)),
                peerOptions.apply(new PeerSpec(IpAddress.parse(P6), daemon.name() + " v6",
                        session.withFamilies(List.of(AfiSafi.IPV6_UNICAST)), PeerPolicy.DEFAULT)));
        return new DesiredState(SpeakerSettings.of(as, IpAddress.parse(M4)).withListen(IpAddress.parse("::"), 179),
                RoutingSettings.DEFAULT, peers,
                MUSLIN_ORIGINATES.stream().map(x -> OriginatedRoute.of(IpPrefix.parse(x))).toList());
    }

    /** Starts Muslin in this JVM with its sockets in namespace M; its session events go to {@link #events}. */
    void startMuslin(DesiredState state) throws Exception {
        muslin = new Speaker(state, 2, m.executor());
        muslin.addSessionListener(new EventLog(events));
        muslin.start();
    }

    BgpPeer peer(String address) {
        return muslin.peer(IpAddress.parse(address));
    }

    /** What Muslin accepted from the peer at {@code address} (loops dropped): prefix → attributes. */
    java.util.Map<io.muslin.net.IpPrefix, io.muslin.bgp.rib.AttrSet> received(String address) {
        return muslin.rib().query(c -> c.acceptedFrom(io.muslin.net.IpAddress.parse(address).toString())).join();
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

    /** A kernel SNMP counter of namespace {@code ns} (nstat's name, e.g. TcpExtTCPMD5Failure), read with nstat. */
    static long kernelCounter(Netns ns, String name) {
        // -a absolute values, -s leave nstat's history file alone, -z print it even when zero.
        String out = ns.exec("nstat", "-asz", name);
        return out.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("this kernel has no " + name + " counter: " + out));
    }
}

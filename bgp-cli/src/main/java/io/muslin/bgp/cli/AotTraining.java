package io.muslin.bgp.cli;

import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.speaker.PeerId;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.SessionListener;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.config.ConfigException;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The workload the speaker's AOT cache is recorded on ({@code bin/muslin-bgp}, JDK 25
 * {@code -XX:AOTCacheOutput}): a small, mixed BGP session of the speaker with itself in one JVM,
 * over loopback addresses 127.0.0.81-83 on free ports. Not the shape of any benchmark: three
 * speakers from YAML configurations in a chain (AS 65001 originates, AS 65002 learns and passes
 * on, AS 65003 learns), IPv4 routes of every length from /8 to /32 and IPv6 /48 to /128, a few
 * hundred attribute sets (MED, communities, large communities), the middle speaker printing routes
 * as JSON lines and asked for its status once, then rounds of withdrawals and changed attributes,
 * and a close. What it leaves in the cache is the classes the speaker loads and links (and, with
 * both compiler tiers, the method profiles of its decode, RIB, best-path and export paths).
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=muslin-bgp.aot -cp ... io.muslin.bgp.cli.AotTraining}
 */
public final class AotTraining {
    private static final int IPV4_ROUTES = 6_000;
    private static final int IPV6_ROUTES = 2_000;
    private static final int ROUNDS = 6;
    private static final long WAIT_MILLIS = 60_000;

    private AotTraining() {
    }

    /** Strict: a round that does not reach the end of the chain fails the training (the launcher then starts without a cache). */
    public static void main(String[] args) throws Exception {
        run(true);
    }

    /**
     * The session. A round has arrived when AS 65002 and AS 65003 each accepted as many prefixes as
     * AS 65001 originates in it and the UPDATEs each received leave exactly those prefixes (the
     * round's table is the oracle, not any speaker's state). {@code strict}: a round that has not
     * arrived within a minute is an error; otherwise it is reported on standard error and the session goes on (what the cache
     * records does not depend on it).
     */
    static void run(boolean strict) throws Exception {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        int portA = freePort("127.0.0.81");
        int portB = freePort("127.0.0.82");
        int portC = freePort("127.0.0.83");
        StandaloneSpeaker a = speaker(65001, "127.0.0.81", portA, false, quiet);
        StandaloneSpeaker b = speaker(65002, "127.0.0.82", portB, true, quiet);
        StandaloneSpeaker c = speaker(65003, "127.0.0.83", portC, false, quiet);
        Told toB = new Told();
        Told toC = new Told();
        b.speaker().addSessionListener(toB);
        c.speaker().addSessionListener(toC);
        a.start();
        b.start();
        c.start();
        StatusServer status = new StatusServer(b.speaker());
        try {
            a.apply(withPeers(a, 65001, "127.0.0.81", portA, peer("127.0.0.82", 65002, portB, "127.0.0.81", false)));
            b.apply(withPeers(b, 65002, "127.0.0.82", portB, peer("127.0.0.81", 65001, portA, "127.0.0.82", false)
                    + peer("127.0.0.83", 65003, portC, "127.0.0.82", true)));
            c.apply(withPeers(c, 65003, "127.0.0.83", portC, peer("127.0.0.82", 65002, portB, "127.0.0.83", false)));
            int statusPort = status.start("127.0.0.82", 0);
            for (int round = 0; round < ROUNDS; round++) {
                List<OriginatedRoute> routes = routes(round);
                a.apply(new SpeakerConfig(a.config().desired().withOriginated(routes), null, 0));
                Set<IpPrefix> expected = new HashSet<>();
                routes.forEach(route -> expected.add(route.prefix()));
                int r = round;
                await(strict, () -> "round " + r + ": AS 65002 and AS 65003 have the " + expected.size()
                        + " prefixes AS 65001 originates (AS 65002: " + difference(b, "127.0.0.81", toB, expected)
                        + "; AS 65003: " + difference(c, "127.0.0.82", toC, expected) + ")",
                        () -> holds(c, "127.0.0.82", toC, expected) && holds(b, "127.0.0.81", toB, expected));
                if (round == 0) {
                    get("http://127.0.0.82:" + statusPort + "/status");
                }
            }
        } finally {
            status.close();
            a.close();
            b.close();
            c.close();
        }
        System.out.println("aot-training: " + ROUNDS + " rounds of up to " + (IPV4_ROUTES + IPV6_ROUTES)
                + " routes along 3 speakers done");
    }

    private static StandaloneSpeaker speaker(long as, String address, int port, boolean printRoutes, PrintStream out)
            throws ConfigException {
        SpeakerConfig cfg = SpeakerConfig.parse(yaml(as, address, port, ""));
        return new StandaloneSpeaker(cfg, printRoutes, out, Runnable::run);
    }

    private static SpeakerConfig withPeers(StandaloneSpeaker s, long as, String address, int port, String peers)
            throws ConfigException {
        SpeakerConfig parsed = SpeakerConfig.parse(yaml(as, address, port, "peers:\n" + peers));
        DesiredState current = s.config().desired();
        return new SpeakerConfig(parsed.desired().withOriginated(current.originated()), null, 0);
    }

    /** A port free on the address now (the kernel's pick, released at once for the speaker to bind). */
    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static String yaml(long as, String address, int port, String rest) {
        int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
        return "asNumber: " + as + "\nrouterId: " + address + "\nlisten:\n  address: " + address + "\n  port: " + port + "\n"
                + "nextHopIPv4: 192.0.2." + last + "\nnextHopIPv6: 2001:db8::" + last + "\n" + rest;
    }

    private static String peer(String address, long as, int port, String local, boolean exportLearned) {
        return "  - address: " + address + "\n    asNumber: " + as + "\n    port: " + port + "\n    localAddress: "
                + local + "\n    connectRetry: 1\n    exportLearned: " + exportLearned + "\n";
    }

    /** Round r's table: prefixes of every length; a third changes its attributes and a sixth is left out each round. */
    private static List<OriginatedRoute> routes(int round) {
        Map<IpPrefix, OriginatedRoute> out = new LinkedHashMap<>();
        for (int i = 0; i < IPV4_ROUTES + IPV6_ROUTES; i++) {
            if ((i + round) % 6 == 0 && round > 0) {
                continue;
            }
            IpPrefix prefix = i < IPV4_ROUTES ? ipv4(i) : ipv6(i - IPV4_ROUTES);
            int set = (i / 7 + (i % 3 == round % 3 ? round : 0)) % 400;
            out.putIfAbsent(prefix, new OriginatedRoute(prefix, attributes(set)));
        }
        return List.copyOf(out.values());
    }

    private static IpPrefix ipv4(int i) {
        return IpPrefix.v4(0x0A000000 | (int) (i * 2654435761L & 0x00FFFFFFL), 8 + (i * 7 + i / 13) % 25);
    }

    private static IpPrefix ipv6(int i) {
        return IpPrefix.v6(0x20010db800000000L | (long) i << 16 | (i * 31L & 0xFFFF), i * 0x9E3779B97F4A7C15L,
                48 + (i * 5) % 81);
    }

    private static List<PathAttribute> attributes(int set) {
        List<PathAttribute> attrs = new ArrayList<>();
        if (set % 3 != 0) {
            attrs.add(new PathAttribute.MultiExitDisc(set * 10L));
        }
        if (set % 2 == 0) {
            attrs.add(new PathAttribute.Communities(List.of(65001 << 16 | set, 65001 << 16 | (set % 7))));
        }
        if (set % 5 == 0) {
            attrs.add(new PathAttribute.LargeCommunities(List.of(new PathAttribute.LargeCommunity(65001, set, 1))));
        }
        return attrs;
    }

    private static int accepted(StandaloneSpeaker s, String peer) {
        return s.speaker().peerStatus(IpAddress.parse(peer)).map(PeerStatus::prefixesAccepted).orElse(-1);
    }

    /** The speaker accepted as many prefixes as expected and was told exactly the expected ones. */
    private static boolean holds(StandaloneSpeaker s, String peer, Told told, Set<IpPrefix> expected) {
        return accepted(s, peer) == expected.size() && told.prefixes.equals(expected);
    }

    private static String difference(StandaloneSpeaker s, String peer, Told told, Set<IpPrefix> expected) {
        Set<IpPrefix> have = new HashSet<>(told.prefixes);
        long missing = expected.stream().filter(p -> !have.contains(p)).count();
        long extra = have.stream().filter(p -> !expected.contains(p)).count();
        return accepted(s, peer) + " accepted, told " + have.size() + ": " + missing + " missing, " + extra
                + " not originated (any more)";
    }

    /** What a speaker was told: the prefixes announced to it and not withdrawn since, from its UPDATEs as received. */
    private static final class Told implements SessionListener {
        final Set<IpPrefix> prefixes = ConcurrentHashMap.newKeySet();

        @Override
        public void updateReceived(PeerId peer, Update update) {
            update.allWithdrawn().forEach(prefixes::remove);
            prefixes.addAll(update.announced());
        }
    }

    private static void await(boolean strict, Supplier<String> what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                if (!strict) {
                    System.err.println("aot-training: gave up waiting, going on: " + what.get());
                    return;
                }
                throw new IllegalStateException("aot-training: gave up waiting: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    private static void get(String url) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try (InputStream in = conn.getInputStream()) {
            in.readAllBytes();
        } finally {
            conn.disconnect();
        }
    }
}

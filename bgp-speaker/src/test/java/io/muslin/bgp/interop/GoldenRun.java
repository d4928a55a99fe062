package io.muslin.bgp.interop;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.BgpProtocolException;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.MessageDecoder;
import io.muslin.bgp.wire.MessageEncoder;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.Open;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.RouteRefresh;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Netns;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One capture run against one daemon: namespaces {@code mgold-<daemon>-<run>-m|p}, a raw peer
 * listening on 10.77.0.2 and fd77::2, the daemon on 10.77.0.1 and fd77::1. Per session (v4, v6):
 * the first connection is answered with an OPEN naming a wrong AS (the daemon's OPEN error is
 * kept), the second one is established and recorded while the daemon announces, withdraws and
 * finally ends the session. Everything received is written as hex, one file per message.
 */
final class GoldenRun {
    static final long WRONG_AS = 4200000099L;
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final List<AfiSafi> OUR_FAMILIES = List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

    private final GoldenDaemon daemon;
    private final GoldenDaemon.Spec spec;
    private final Path out;
    private final Path work;

    GoldenRun(GoldenDaemon daemon, GoldenDaemon.Spec spec, Path out, Path work) {
        this.daemon = daemon;
        this.spec = spec;
        this.out = out;
        this.work = work;
    }

    void capture() throws Exception {
        String tag = daemon.name() + "-" + spec.name();
        Netns m = null;
        Netns p = null;
        try {
            m = Netns.create("mgold-" + tag + "-m");
            p = Netns.create("mgold-" + tag + "-p");
            Netns.link(m, "eth0", List.of(GoldenDaemon.M4 + "/24", GoldenDaemon.M6 + "/64"),
                    p, "eth0", List.of(GoldenDaemon.P4 + "/24", GoldenDaemon.P6 + "/64"));
            // Fixed link-local addresses, so the next hops in the vectors do not change between captures.
            fixLinkLocal(m, "fe80::77:2");
            fixLinkLocal(p, "fe80::77:1");
            try (RawBgpPeer l4 = RawBgpPeer.listen(m, GoldenDaemon.M4); RawBgpPeer l6 = RawBgpPeer.listen(m, GoldenDaemon.M6)) {
                Session v4 = new Session("v4", l4);
                Session v6 = new Session("v6", l6);
                daemon.start(p, work, spec);
                v4.rejectWithWrongAs();
                v6.rejectWithWrongAs();
                v4.establish();
                v6.establish();
                v4.awaitInitialRoutes();
                v6.awaitInitialRoutes();
                int n4 = v4.count();
                int n6 = v6.count();
                if (daemon.sendsRouteRefresh()) {
                    daemon.refresh();
                    v4.awaitRouteRefresh(n4);
                    v6.awaitRouteRefresh(n6);
                    n4 = v4.count();
                    n6 = v6.count();
                }
                daemon.withdraw();
                v4.awaitNewThenQuiet(n4);
                v6.awaitNewThenQuiet(n6);
                daemon.ceaseV4();
                v4.awaitNotification();
                daemon.ceaseV6();
                v6.awaitNotification();
                v4.write();
                v6.write();
            }
        } finally {
            daemon.close();
            if (m != null) {
                m.close();
            }
            if (p != null) {
                p.close();
            }
        }
    }

    private static void fixLinkLocal(Netns ns, String address) {
        ns.exec("ip", "-6", "addr", "flush", "dev", "eth0", "scope", "link");
        ns.exec("ip", "-6", "addr", "add", address + "/64", "dev", "eth0", "scope", "link", "nodad");
    }

    /** One of the two sessions of the run. */
    private final class Session {
        final String family;
        final RawBgpPeer listener;
        RawBgpPeer.Connection rejected;
        RawBgpPeer.Connection established;
        CodecContext ctx;
        List<AfiSafi> families = List.of();

        Session(String family, RawBgpPeer listener) {
            this.family = family;
            this.listener = listener;
        }

        void rejectWithWrongAs() throws Exception {
            rejected = listener.accept(CONNECT);
            rejected.awaitType(RawBgpPeer.TYPE_OPEN, SHORT);
            rejected.send(ourOpen(WRONG_AS, daemon.extendedNextHop(spec)));
            rejected.awaitType(RawBgpPeer.TYPE_NOTIFICATION, SHORT);
            rejected.close();
        }

        void establish() throws Exception {
            established = listener.accept(CONNECT);
            RawBgpPeer.Received open = established.awaitType(RawBgpPeer.TYPE_OPEN, SHORT);
            Open theirs = (Open) decode(open.bytes(), CodecContext.INITIAL).message();
            established.send(ourOpen(spec.muslinAs(), daemon.extendedNextHop(spec)));
            established.send(RawBgpPeer.KEEPALIVE);
            ctx = new CodecContext(theirs.has(Capability.FourOctetAs.class), theirs.has(Capability.ExtendedMessage.class),
                    spec.external(), spec.daemonAs());
            families = theirs.families().stream().filter(OUR_FAMILIES::contains).toList();
            established.awaitType(RawBgpPeer.TYPE_KEEPALIVE, SHORT);
            for (AfiSafi f : families) {
                established.send(MessageEncoder.toBytes(Update.endOfRib(f), ctx));
            }
            established.keepAlive(Duration.ofSeconds(20));
        }

        /** Until End-of-RIB for every family both sides support (or quiet, for a daemon that sends none). */
        void awaitInitialRoutes() throws InterruptedException {
            for (AfiSafi f : families) {
                try {
                    established.await("End-of-RIB for " + f, Duration.ofSeconds(45), r -> r.type() == RawBgpPeer.TYPE_UPDATE
                            && decodeQuietly(r.bytes()) instanceof Update u && u.endOfRibFamily().filter(f::equals).isPresent());
                } catch (AssertionError e) {
                    System.out.println(daemon.name() + " " + spec.name() + "-" + family + ": " + e.getMessage());
                }
            }
            established.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(30));
        }

        int count() {
            return established.received().size();
        }

        void awaitRouteRefresh(int before) throws InterruptedException {
            try {
                established.await("ROUTE-REFRESH", Duration.ofSeconds(15), r -> r.type() == RawBgpPeer.TYPE_ROUTE_REFRESH
                        && established.received().indexOf(r) >= before);
            } catch (AssertionError e) {
                System.out.println(daemon.name() + " " + spec.name() + "-" + family + ": " + e.getMessage());
            }
        }

        void awaitNewThenQuiet(int before) throws InterruptedException {
            established.await("withdrawal", Duration.ofSeconds(45), r -> r.type() == RawBgpPeer.TYPE_UPDATE
                    && established.received().indexOf(r) >= before);
            established.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(30));
        }

        void awaitNotification() throws Exception {
            established.await("NOTIFICATION", SHORT, r -> r.type() == RawBgpPeer.TYPE_NOTIFICATION);
            established.close();
        }

        Object decodeQuietly(byte[] bytes) {
            try {
                return decode(bytes, ctx).message();
            } catch (Exception e) {
                return null;
            }
        }

        void write() throws IOException {
            Path sessionDir = out.resolve(daemon.name()).resolve(spec.name() + "-" + family);
            if (Files.exists(sessionDir)) {
                try (Stream<Path> old = Files.list(sessionDir)) {
                    for (Path f : old.toList()) {
                        Files.delete(f);
                    }
                }
            }
            Files.createDirectories(sessionDir);
            List<RawBgpPeer.Received> all = new ArrayList<>(rejected.received());
            all.addAll(established.received());
            Set<String> seen = new LinkedHashSet<>();
            int n = 0;
            for (RawBgpPeer.Received r : all) {
                String hex = HexFormat.of().formatHex(r.bytes());
                if (!seen.add(hex)) {
                    continue;
                }
                n++;
                String name = "%02d-%s".formatted(n, describe(r.bytes()));
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < hex.length(); i += 64) {
                    text.append(hex, i, Math.min(hex.length(), i + 64)).append('\n');
                }
                Files.writeString(sessionDir.resolve(name + ".hex"), text);
            }
            String props = """
                    # Session context for the vectors in this directory (captured by GoldenCapture).
                    # %s
                    daemon=%s
                    captured=%s
                    transport=%s
                    daemonAs=%d
                    muslinAs=%d
                    fourOctetAs=%s
                    extendedMessages=%s
                    external=%s
                    peerAs=%d
                    families=%s
                    extendedNextHop=%s
                    """.formatted(daemon.describe(spec), daemon.version().lines().findFirst().orElse("?"),
                    Instant.now().toString().substring(0, 10),
                    family.equals("v4") ? GoldenDaemon.P4 + " -> " + GoldenDaemon.M4 : GoldenDaemon.P6 + " -> " + GoldenDaemon.M6,
                    spec.daemonAs(), spec.muslinAs(), ctx.fourOctetAs(), ctx.extendedMessages(), ctx.external(), ctx.peerAs(),
                    String.join(",", families.stream().map(AfiSafi::toString).toList()),
                    daemon.extendedNextHop(spec));
            Files.writeString(sessionDir.resolve("session.properties"), props);
        }

        /** A file name saying what the message is. */
        String describe(byte[] bytes) {
            int type = bytes[18] & 0xFF;
            switch (type) {
                case RawBgpPeer.TYPE_OPEN:
                    return "open";
                case RawBgpPeer.TYPE_KEEPALIVE:
                    return "keepalive";
                case RawBgpPeer.TYPE_NOTIFICATION: {
                    int code = bytes[19] & 0xFF;
                    int subcode = bytes[20] & 0xFF;
                    return "notification-" + code + "-" + subcode + "-" + Notification.name(code, subcode);
                }
                case RawBgpPeer.TYPE_UPDATE:
                    return describeUpdate(decodeQuietly(bytes));
                case RawBgpPeer.TYPE_ROUTE_REFRESH:
                    return decodeQuietly(bytes) instanceof RouteRefresh r ? "route-refresh-" + fam(r.family())
                            + (r.subtype() == 0 ? "" : "-subtype-" + r.subtype()) : "route-refresh-undecodable";
                default:
                    return "type-" + type;
            }
        }
    }

    static String describeUpdate(Object decoded) {
        if (!(decoded instanceof Update u)) {
            return "update-undecodable";
        }
        if (u.isEndOfRib()) {
            return "update-end-of-rib-" + u.endOfRibFamily().orElseThrow().toString().replace("-unicast", "");
        }
        List<String> parts = new ArrayList<>();
        parts.add("update");
        if (!u.withdrawn().isEmpty()) {
            parts.add("withdraw-ipv4");
        }
        if (!u.nlri().isEmpty()) {
            parts.add("ipv4");
        }
        for (PathAttribute a : u.attributes()) {
            switch (a) {
                case PathAttribute.MpUnreach r when !r.withdrawn().isEmpty() -> parts.add("withdraw-mp-" + fam(r.family()));
                case PathAttribute.MpReach r -> parts.add("mp-" + fam(r.family()) + (r.nextHops().size() > 1 ? "-link-local" : ""));
                case PathAttribute.Origin o when o.value() != 0 -> parts.add("origin-" + o.toString().toLowerCase());
                case PathAttribute.AsPath p -> {
                    if (p.segments().stream().anyMatch(AsPathSegment::isConfederation)) {
                        parts.add("confed");
                    }
                    if (p.segments().stream().anyMatch(s -> s.type() == AsPathSegment.AS_SET)) {
                        parts.add("as-set");
                    } else if (p.pathLength() > 1) {
                        parts.add("as-path");
                    }
                }
                case PathAttribute.MultiExitDisc x -> parts.add("med");
                case PathAttribute.LocalPref x -> parts.add("local-pref");
                case PathAttribute.AtomicAggregate x -> parts.add("atomic-aggregate");
                case PathAttribute.Aggregator x -> parts.add("aggregator");
                case PathAttribute.Communities x -> parts.add("communities");
                case PathAttribute.OriginatorId x -> parts.add("originator-id");
                case PathAttribute.ClusterList x -> parts.add("cluster-list");
                case PathAttribute.ExtendedCommunities x -> parts.add("ext-communities");
                case PathAttribute.LargeCommunities x -> parts.add("large-communities");
                case PathAttribute.Unknown x -> parts.add("unknown-" + x.code());
                default -> { }
            }
        }
        return String.join("-", parts);
    }

    private static String fam(AfiSafi f) {
        return f.toString().replace("-unicast", "");
    }

    static DecodedMessage decode(byte[] bytes, CodecContext ctx) throws BgpProtocolException {
        return MessageDecoder.decode(Unpooled.wrappedBuffer(bytes), ctx);
    }

    /**
     * Our OPEN: MP IPv4 + IPv6, route refresh, 4-octet AS, extended messages, graceful restart, and
     * when asked extended next hop for IPv4 unicast (RFC 8950, kept as an unknown capability).
     */
    static byte[] ourOpen(long as, boolean extendedNextHop) {
        List<Capability> caps = new ArrayList<>(List.of(
                new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
                new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
                new Capability.RouteRefreshSupport(),
                new Capability.FourOctetAs(as),
                new Capability.ExtendedMessage(),
                new Capability.GracefulRestart(false, false, 120, List.of(
                        new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, false),
                        new Capability.GracefulRestartFamily(AfiSafi.IPV6_UNICAST, false)))));
        if (extendedNextHop) {
            caps.add(new Capability.Unknown(5, new byte[] {0, 1, 0, 1, 0, 2}));
        }
        int id = (10 << 24) | (77 << 8) | 2;
        return MessageEncoder.toBytes(Open.of(as, 90, id, caps), CodecContext.INITIAL);
    }

    static String prefixes(List<IpPrefix> p) {
        return Arrays.toString(p.toArray());
    }
}

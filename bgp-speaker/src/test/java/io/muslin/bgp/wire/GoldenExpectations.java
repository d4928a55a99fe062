package io.muslin.bgp.wire;

import io.muslin.bgp.wire.Capability.AddPath;
import io.muslin.bgp.wire.Capability.AddPathFamily;
import io.muslin.bgp.wire.Capability.ExtendedMessage;
import io.muslin.bgp.wire.Capability.FourOctetAs;
import io.muslin.bgp.wire.Capability.GracefulRestart;
import io.muslin.bgp.wire.Capability.GracefulRestartFamily;
import io.muslin.bgp.wire.Capability.Multiprotocol;
import io.muslin.bgp.wire.Capability.RouteRefreshSupport;
import io.muslin.bgp.wire.PathAttribute.Aggregator;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.bgp.wire.PathAttribute.AtomicAggregate;
import io.muslin.bgp.wire.PathAttribute.ClusterList;
import io.muslin.bgp.wire.PathAttribute.Communities;
import io.muslin.bgp.wire.PathAttribute.ExtendedCommunities;
import io.muslin.bgp.wire.PathAttribute.LargeCommunities;
import io.muslin.bgp.wire.PathAttribute.LargeCommunity;
import io.muslin.bgp.wire.PathAttribute.LocalPref;
import io.muslin.bgp.wire.PathAttribute.MpReach;
import io.muslin.bgp.wire.PathAttribute.MpUnreach;
import io.muslin.bgp.wire.PathAttribute.MultiExitDisc;
import io.muslin.bgp.wire.PathAttribute.NextHop;
import io.muslin.bgp.wire.PathAttribute.Origin;
import io.muslin.bgp.wire.PathAttribute.OriginatorId;
import io.muslin.bgp.wire.PathAttribute.Unknown;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each golden vector must decode to, written out by hand from the capture configs in
 * {@code io.muslin.bgp.interop.Golden*} (the prefixes, paths, communities and next hops each
 * daemon was told to announce), in the order the daemon put them on the wire. Keyed by
 * {@code <daemon>/<session>/<file name without .hex>}.
 */
final class GoldenExpectations {
    static final long IBGP_AS = 4200000001L;
    static final long EBGP_AS = 65001;
    static final long WRONG_AS = 4200000099L;
    static final String P4 = "10.77.0.1", P6 = "fd77::1", LL = "fe80::77:1";
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST, V6 = AfiSafi.IPV6_UNICAST;
    static final String SHUTDOWN = "golden capture: shutdown", RESET = "golden capture: reset";

    private final Map<String, BgpMessage> expected = new LinkedHashMap<>();

    static Map<String, BgpMessage> all() {
        GoldenExpectations e = new GoldenExpectations();
        for (boolean ibgp : new boolean[] {true, false}) {
            e.bird(ibgp);
            e.gobgp(ibgp);
            e.exabgp(ibgp);
        }
        for (String run : List.of("ibgp", "ebgp", "confed")) {
            e.frr(run);
        }
        return e.expected;
    }

    private void put(String session, String file, BgpMessage message) {
        if (expected.put(session + "/" + file, message) != null) {
            throw new IllegalStateException("two expectations for " + session + "/" + file);
        }
    }

    // ---- BIRD 2.0.12: export filters golden4/golden6; eBGP IPv4 with extended next hop (so in MP_REACH) --------

    private void bird(boolean ibgp) {
        String s = "bird/" + (ibgp ? "ibgp" : "ebgp");
        long as = ibgp ? IBGP_AS : EBGP_AS;
        AsPath own = ibgp ? path() : path(EBGP_AS);
        List<Capability> tail = List.of(new ExtendedMessage(), new GracefulRestart(false, false, 120, List.of()),
                new FourOctetAs(as), unknownCap(70, ""), unknownCap(71, ""));
        List<Capability> caps4 = new ArrayList<>(List.of(new Multiprotocol(V4), new RouteRefreshSupport()));
        if (!ibgp) {
            caps4.add(unknownCap(5, "000100010002")); // extended next hop: IPv4 unicast over IPv6 next hops
        }
        caps4.addAll(tail);
        List<Capability> caps6 = new ArrayList<>(List.of(new Multiprotocol(V6), new RouteRefreshSupport()));
        caps6.addAll(tail);

        String v4 = s + "-v4";
        put(v4, "01-open", Open.of(as, 90, ip4("10.77.0.1"), caps4));
        put(v4, "02-notification-2-2-bad-peer-as", new Notification(2, 2, be32(WRONG_AS)));
        put(v4, "03-keepalive", Keepalive.INSTANCE);
        if (ibgp) {
            put(v4, "04-update-ipv4-local-pref",
                    update(attrs(Origin.IGP, own, nh(P4), lp(100)), "10.1.9.0/24", "10.1.10.0/24", "10.1.1.0/24"));
            put(v4, "05-update-ipv4-local-pref-communities-ext-communities-large-communities",
                    update(attrs(Origin.IGP, own, nh(P4), lp(100), communities("65001:100", "no-export"),
                            ext(rt(65001, 7)), large("4200000001:1:2")), "10.1.3.0/24"));
            put(v4, "06-update-ipv4-origin-incomplete-as-path-local-pref",
                    update(attrs(Origin.INCOMPLETE, path(65010, 65011), nh(P4), lp(100)), "10.1.4.0/24"));
            put(v4, "07-update-ipv4-origin-egp-med-local-pref",
                    update(attrs(Origin.EGP, own, nh(P4), med(50), lp(300)), "10.1.2.0/24"));
            put(v4, "10-update-withdraw-ipv4", withdraw("10.1.9.0/24", "10.1.10.0/24"));
        } else {
            put(v4, "04-update-mp-ipv4",
                    update(attrs(mpReach(V4, List.of(P4), "10.1.9.0/24", "10.1.10.0/24", "10.1.1.0/24"), Origin.IGP, own)));
            put(v4, "05-update-mp-ipv4-communities-ext-communities-large-communities",
                    update(attrs(mpReach(V4, List.of(P4), "10.1.3.0/24"), Origin.IGP, own,
                            communities("65001:100", "no-export"), ext(rt(65001, 7)), large("4200000001:1:2"))));
            put(v4, "06-update-mp-ipv4-origin-incomplete-as-path",
                    update(attrs(mpReach(V4, List.of(P4), "10.1.4.0/24"), Origin.INCOMPLETE, path(EBGP_AS, 65010, 65011))));
            put(v4, "07-update-mp-ipv4-origin-egp-med",
                    update(attrs(mpReach(V4, List.of(P4), "10.1.2.0/24"), Origin.EGP, own, med(50))));
            put(v4, "10-update-withdraw-mp-ipv4", update(attrs(mpUnreach(V4, "10.1.9.0/24", "10.1.10.0/24"))));
        }
        put(v4, "08-update-end-of-rib-ipv4", Update.endOfRib(V4));
        put(v4, "09-route-refresh-ipv4", new RouteRefresh(V4));
        put(v4, "11-notification-6-2-administrative-shutdown", shutdownCommunication(2, SHUTDOWN));

        String v6 = s + "-v6";
        String lp = ibgp ? "-local-pref" : "";
        put(v6, "01-open", Open.of(as, 90, ip4("10.77.0.1"), caps6));
        put(v6, "02-notification-2-2-bad-peer-as", new Notification(2, 2, be32(WRONG_AS)));
        put(v6, "03-keepalive", Keepalive.INSTANCE);
        put(v6, "04-update-mp-ipv6-link-local" + lp,
                update(attrs(mpReach(V6, List.of(P6, LL), "fd01:9::/64", "fd01:1::/64"), Origin.IGP, own, ibgp ? lp(100) : null)));
        put(v6, "05-update-mp-ipv6-link-local-med" + lp + "-communities-large-communities",
                update(attrs(mpReach(V6, List.of(P6, LL), "fd01:2::/64"), Origin.IGP, own, med(60), ibgp ? lp(100) : null,
                        communities("65001:600"), large("4200000001:6:6"))));
        put(v6, "06-update-end-of-rib-ipv6", Update.endOfRib(V6));
        put(v6, "07-route-refresh-ipv6", new RouteRefresh(V6));
        put(v6, "08-update-withdraw-mp-ipv6", update(attrs(mpUnreach(V6, "fd01:9::/64"))));
        put(v6, "09-notification-6-4-administrative-reset", shutdownCommunication(4, RESET));
    }

    // ---- FRR 8.4.4 bgpd: route-maps GOLD-OUT/GOLD6-OUT, aggregate-address as-set, confederation ----------------

    private void frr(String run) {
        String s = "frr/" + run;
        boolean ibgp = run.equals("ibgp");
        boolean confed = run.equals("confed");
        long as = ibgp ? IBGP_AS : EBGP_AS;
        // The aggregate's AGGREGATOR names FRR's AS: the confederation identifier towards a confederation peer.
        long aggregatorAs = ibgp ? IBGP_AS : confed ? 65000 : EBGP_AS;
        String lp = ibgp || confed ? "-local-pref" : "";
        String cf = confed ? "-confed" : "";

        for (AfiSafi family : List.of(V4, V6)) {
            String v = s + (family == V4 ? "-v4" : "-v6");
            put(v, "01-open", Open.of(as, 90, ip4("10.77.0.1"), List.of(
                    new Multiprotocol(family), unknownCap(128, ""), new RouteRefreshSupport(), unknownCap(70, ""),
                    new FourOctetAs(as), new ExtendedMessage(),
                    new AddPath(List.of(new AddPathFamily(family, 1))),
                    unknownCap(73, "06" + hex("golden") + "00"),
                    new GracefulRestart(true, true, 120, List.of()),
                    unknownCap(71, "000" + family.afi() + "0180000000"))));
            // FRR reports the 2-octet My Autonomous System field of our OPEN: AS_TRANS.
            put(v, "02-notification-2-2-bad-peer-as", new Notification(2, 2, new byte[] {0x5b, (byte) 0xa0}));
            put(v, "03-keepalive", Keepalive.INSTANCE);
        }
        String v4 = s + "-v4";
        put(v4, "04-update-ipv4" + cf + "-med" + lp,
                update(attrs(Origin.IGP, frrPath(run), nh(P4), med(0), lpIf(lp, 100)), "10.2.1.0/24", "10.2.9.0/24"));
        put(v4, "05-update-ipv4-origin-egp" + cf + "-med" + lp,
                update(attrs(Origin.EGP, frrPath(run), nh(P4), med(50), lpIf(lp, 300)), "10.2.2.0/24"));
        put(v4, "06-update-ipv4" + cf + "-med" + lp + "-communities-large-communities-ext-communities",
                update(attrs(Origin.IGP, frrPath(run), nh(P4), med(0), lpIf(lp, 100), communities("65001:100", "no-export"),
                        large("4200000001:1:2"), ext(rt(65001, 7))), "10.2.3.0/24"));
        put(v4, "07-update-ipv4-origin-incomplete" + cf + "-as-path-med" + lp + "-atomic-aggregate-aggregator",
                update(attrs(Origin.INCOMPLETE, frrPath(run, 65010, 65011), nh(P4), med(0), lpIf(lp, 100),
                        new AtomicAggregate(), new Aggregator(65020, addr("10.9.9.9"))), "10.2.4.0/24"));
        put(v4, "08-update-ipv4" + cf + "-as-set-med" + lp + "-aggregator",
                update(attrs(Origin.IGP, frrAggregatePath(run), nh(P4), med(0), lpIf(lp, 100),
                        new Aggregator(aggregatorAs, addr(P4))), "10.20.0.0/16"));
        String pathWord = ibgp || confed ? "" : "-as-path";
        put(v4, "09-update-ipv4" + cf + pathWord + "-med" + lp,
                update(attrs(Origin.IGP, frrPath(run, 65030), nh(P4), med(0), lpIf(lp, 100)), "10.20.1.0/24"));
        put(v4, "10-update-ipv4" + cf + pathWord + "-med" + lp,
                update(attrs(Origin.IGP, frrPath(run, 65031), nh(P4), med(0), lpIf(lp, 100)), "10.20.2.0/24"));
        put(v4, "11-update-end-of-rib-ipv4", Update.endOfRib(V4));
        put(v4, "12-route-refresh-ipv4", new RouteRefresh(V4));
        put(v4, "13-update-withdraw-ipv4", withdraw("10.2.9.0/24"));
        put(v4, "14-notification-6-2-administrative-shutdown", shutdownCommunication(2, SHUTDOWN));

        String v6 = s + "-v6";
        put(v6, "04-update-mp-ipv6" + cf + "-med" + lp,
                update(attrs(mpReach(V6, List.of(P6), "fd02:1::/64", "fd02:9::/64"), Origin.IGP, frrPath(run), med(0),
                        lpIf(lp, 100))));
        put(v6, "05-update-mp-ipv6" + cf + "-med" + lp + "-communities-large-communities",
                update(attrs(mpReach(V6, List.of(P6), "fd02:2::/64"), Origin.IGP, frrPath(run), med(60), lpIf(lp, 100),
                        communities("65001:600"), large("4200000001:6:6"))));
        put(v6, "06-update-end-of-rib-ipv6", Update.endOfRib(V6));
        put(v6, "07-route-refresh-ipv6", new RouteRefresh(V6));
        put(v6, "08-update-withdraw-mp-ipv6", update(attrs(mpUnreach(V6, "fd02:9::/64"))));
        put(v6, "09-notification-6-4-administrative-reset", new Notification(6, 4));
    }

    /** FRR's own AS in front (eBGP), nothing (iBGP), or an AS_CONFED_SEQUENCE of its member AS (confederation). */
    private static AsPath frrPath(String run, long... rest) {
        return switch (run) {
            case "ebgp" -> {
                long[] all = new long[rest.length + 1];
                all[0] = EBGP_AS;
                System.arraycopy(rest, 0, all, 1, rest.length);
                yield path(all);
            }
            case "confed" -> rest.length == 0 ? segments(confedSequence(EBGP_AS))
                    : segments(confedSequence(EBGP_AS), AsPathSegment.sequence(rest));
            default -> path(rest);
        };
    }

    /** aggregate-address 10.20.0.0/16 as-set over paths 65030 and 65031. */
    private static AsPath frrAggregatePath(String run) {
        AsPathSegment set = AsPathSegment.set(65030, 65031);
        return switch (run) {
            case "ebgp" -> segments(AsPathSegment.sequence(EBGP_AS), set);
            case "confed" -> segments(confedSequence(EBGP_AS), set);
            default -> segments(set);
        };
    }

    // ---- GoBGP 3.10.0: gobgp global rib add (ORIGIN INCOMPLETE unless told otherwise) ---------------------------

    private void gobgp(boolean ibgp) {
        String s = "gobgp/" + (ibgp ? "ibgp" : "ebgp");
        long as = ibgp ? IBGP_AS : EBGP_AS;
        AsPath own = ibgp ? path() : path(EBGP_AS);
        LocalPref lp100 = ibgp ? lp(100) : null;
        byte[] hostname = "vm".getBytes(StandardCharsets.US_ASCII); // the FQDN capability carries the host's name
        byte[] fqdn = concat(new byte[] {(byte) hostname.length}, hostname, new byte[] {0});
        for (AfiSafi family : List.of(V4, V6)) {
            String v = s + (family == V4 ? "-v4" : "-v6");
            List<Capability> caps = new ArrayList<>(List.of(new RouteRefreshSupport(), new Capability.Unknown(73, fqdn),
                    new Multiprotocol(family), new FourOctetAs(as),
                    new GracefulRestart(false, false, 120, List.of(new GracefulRestartFamily(family, false)))));
            if (family == V4) {
                caps.add(unknownCap(5, "000100010002")); // GoBGP offers IPv4 over IPv6 next hops by itself
            }
            put(v, "01-open", Open.of(as, 90, ip4("10.77.0.1"), caps));
            put(v, "02-notification-2-2-bad-peer-as", new Notification(2, 2));
            put(v, "03-keepalive", Keepalive.INSTANCE);
        }
        AsPath withSet = segments(AsPathSegment.sequence(ibgp ? new long[] {65010, 65011} : new long[] {EBGP_AS, 65010, 65011}),
                AsPathSegment.set(65020, 65021));
        Aggregator aggregator = new Aggregator(65020, addr("10.9.9.9"));
        String v4 = s + "-v4";
        if (ibgp) {
            put(v4, "04-update-ipv4-origin-incomplete-local-pref",
                    update(attrs(Origin.INCOMPLETE, own, nh(P4), lp100), "10.3.1.0/24", "10.3.9.0/24"));
            put(v4, "05-update-ipv4-origin-egp-med-local-pref",
                    update(attrs(Origin.EGP, own, nh(P4), med(50), lp(300)), "10.3.2.0/24"));
            put(v4, "06-update-ipv4-origin-incomplete-local-pref-communities-ext-communities-large-communities",
                    update(attrs(Origin.INCOMPLETE, own, nh(P4), lp100, communities("65001:100", "no-export"),
                            ext(rt(65001, 7)), large("4200000001:1:2")), "10.3.3.0/24"));
            put(v4, "07-update-ipv4-origin-incomplete-as-set-local-pref-aggregator",
                    update(attrs(Origin.INCOMPLETE, withSet, nh(P4), lp100, aggregator), "10.3.4.0/24"));
        } else {
            // Towards eBGP GoBGP rewrites NEXT_HOP and puts it after AGGREGATOR.
            put(v4, "04-update-ipv4-origin-incomplete-as-set-aggregator",
                    update(attrs(Origin.INCOMPLETE, withSet, aggregator, nh(P4)), "10.3.4.0/24"));
            put(v4, "05-update-ipv4-origin-incomplete",
                    update(attrs(Origin.INCOMPLETE, own, nh(P4)), "10.3.9.0/24", "10.3.1.0/24"));
            put(v4, "06-update-ipv4-origin-egp-med",
                    update(attrs(Origin.EGP, own, nh(P4), med(50)), "10.3.2.0/24"));
            put(v4, "07-update-ipv4-origin-incomplete-communities-ext-communities-large-communities",
                    update(attrs(Origin.INCOMPLETE, own, nh(P4), communities("65001:100", "no-export"),
                            ext(rt(65001, 7)), large("4200000001:1:2")), "10.3.3.0/24"));
        }
        put(v4, "08-update-end-of-rib-ipv4", Update.endOfRib(V4));
        put(v4, "09-update-withdraw-ipv4", withdraw("10.3.9.0/24"));
        put(v4, "10-notification-6-2-administrative-shutdown", shutdownCommunication(2, SHUTDOWN));

        String v6 = s + "-v6";
        Update plain1 = update(attrs(Origin.INCOMPLETE, own, lp100, mpReach(V6, List.of(P6), "fd03:1::/64")));
        Update plain9 = update(attrs(Origin.INCOMPLETE, own, lp100, mpReach(V6, List.of(P6), "fd03:9::/64")));
        Update rich = update(attrs(Origin.INCOMPLETE, own, med(60), lp100, communities("65001:600"),
                mpReach(V6, List.of(P6), "fd03:2::/64"), large("4200000001:6:6")));
        if (ibgp) {
            put(v6, "04-update-origin-incomplete-local-pref-mp-ipv6", plain1);
            put(v6, "05-update-origin-incomplete-med-local-pref-communities-mp-ipv6-large-communities", rich);
            put(v6, "06-update-origin-incomplete-local-pref-mp-ipv6", plain9);
        } else {
            put(v6, "04-update-origin-incomplete-med-communities-mp-ipv6-large-communities", rich);
            put(v6, "05-update-origin-incomplete-mp-ipv6", plain9);
            put(v6, "06-update-origin-incomplete-mp-ipv6", plain1);
        }
        put(v6, "07-update-end-of-rib-ipv6", Update.endOfRib(V6));
        put(v6, "08-update-withdraw-mp-ipv6", update(attrs(mpUnreach(V6, "fd03:9::/64"))));
        put(v6, "09-notification-6-4-administrative-reset", shutdownCommunication(4, RESET));
    }

    // ---- ExaBGP 4.2.21: static routes, every attribute set by hand; teardown through the process API -------------

    private void exabgp(boolean ibgp) {
        String s = "exabgp/" + (ibgp ? "ibgp" : "ebgp");
        long as = ibgp ? IBGP_AS : EBGP_AS;
        AsPath own = ibgp ? path() : path(EBGP_AS);
        LocalPref lp100 = ibgp ? lp(100) : null;
        String lp = ibgp ? "-local-pref" : "";
        String expectedAs = Long.toString(ibgp ? IBGP_AS : 4200000002L);
        for (AfiSafi family : List.of(V4, V6)) {
            String v = s + (family == V4 ? "-v4" : "-v6");
            put(v, "01-open", Open.of(as, 90, ip4("10.77.0.1"), List.of(new Multiprotocol(family), new FourOctetAs(as),
                    new RouteRefreshSupport(), unknownCap(70, ""), new ExtendedMessage())));
            put(v, "02-notification-2-2-bad-peer-as", new Notification(2, 2,
                    ("ASN in OPEN (23456) did not match ASN expected (" + expectedAs + ")").getBytes(StandardCharsets.US_ASCII)));
            put(v, "03-keepalive", Keepalive.INSTANCE);
        }
        String v4 = s + "-v4";
        put(v4, "04-update-ipv4" + lp,
                update(attrs(Origin.IGP, own, nh(P4), lp100), "10.4.1.0/24", "10.4.8.0/24", "10.4.9.0/24"));
        put(v4, "05-update-ipv4-origin-egp-med" + lp,
                update(attrs(Origin.EGP, own, nh(P4), med(50), ibgp ? lp(300) : null), "10.4.2.0/24"));
        put(v4, "06-update-ipv4" + lp + "-communities-ext-communities-large-communities",
                update(attrs(Origin.IGP, own, nh(P4), lp100, communities("65001:100", "no-export"),
                        ext(rt(65001, 7), routeOrigin(65001, 8)), large("4200000001:1:2", "4200000001:3:4")), "10.4.3.0/24"));
        AsPath withSet = segments(AsPathSegment.sequence(ibgp ? new long[] {65010, 65011} : new long[] {EBGP_AS, 65010, 65011}),
                AsPathSegment.set(65020, 65021));
        put(v4, "07-update-ipv4-origin-incomplete-as-set" + lp + "-atomic-aggregate-aggregator",
                update(attrs(Origin.INCOMPLETE, withSet, nh(P4), lp100, new AtomicAggregate(),
                        new Aggregator(65020, addr("10.9.9.9"))), "10.4.4.0/24"));
        put(v4, "08-update-ipv4" + lp + "-unknown-99",
                update(attrs(Origin.IGP, own, nh(P4), lp100, unknown(0xC0, 99, "0102030405")), "10.4.6.0/24"));
        // Configured with flags 0xd0: the extended-length bit is an encoding choice, kept in the WireLayout.
        put(v4, "09-update-ipv4" + lp + "-unknown-101",
                update(attrs(Origin.IGP, own, nh(P4), lp100, unknown(0xC0, 101, "0a0b0c")), "10.4.7.0/24"));
        int n = 10;
        if (ibgp) {
            put(v4, "10-update-ipv4-local-pref-originator-id-cluster-list",
                    update(attrs(Origin.IGP, own, nh(P4), lp(200), new OriginatorId(ip4("10.9.9.1")),
                            new ClusterList(List.of(ip4("10.9.9.2"), ip4("10.9.9.3")))), "10.4.5.0/24"));
            n = 11;
        }
        put(v4, n + "-update-end-of-rib-ipv4", Update.endOfRib(V4));
        put(v4, (n + 1) + "-route-refresh-ipv4", new RouteRefresh(V4));
        put(v4, (n + 2) + "-update-withdraw-ipv4", withdraw("10.4.9.0/24"));
        put(v4, (n + 3) + "-update-withdraw-ipv4", withdraw("10.4.8.0/24"));
        put(v4, (n + 4) + "-notification-6-2-administrative-shutdown", shutdownCommunication(2, "Administrative Shutdown"));

        String v6 = s + "-v6";
        put(v6, "04-update" + lp + "-mp-ipv6",
                update(attrs(Origin.IGP, own, lp100, mpReach(V6, List.of(P6), "fd04:1::/64"))));
        put(v6, "05-update" + lp + "-mp-ipv6",
                update(attrs(Origin.IGP, own, lp100, mpReach(V6, List.of(P6), "fd04:9::/64"))));
        put(v6, "06-update-med" + lp + "-communities-large-communities-unknown-100-mp-ipv6",
                update(attrs(Origin.IGP, own, med(60), lp100, communities("65001:600"), large("4200000001:6:6"),
                        unknown(0xE0, 100, "aabb"), mpReach(V6, List.of(P6), "fd04:2::/64"))));
        put(v6, "07-update-end-of-rib-ipv6", Update.endOfRib(V6));
        put(v6, "08-route-refresh-ipv6", new RouteRefresh(V6));
        // ExaBGP sends ORIGIN, AS_PATH (and LOCAL_PREF on iBGP) along with a withdrawal.
        put(v6, "09-update" + lp + "-withdraw-mp-ipv6", update(attrs(Origin.IGP, own, lp100, mpUnreach(V6, "fd04:9::/64"))));
        // 6/3 from ExaBGP carries plain text, not an RFC 9003 length-prefixed communication.
        put(v6, "10-notification-6-3-peer-deconfigured",
                new Notification(6, 3, "Peer De-configured".getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- builders -----------------------------------------------------------------------------------------------

    private static LocalPref lpIf(String lp, long value) {
        return lp.isEmpty() ? null : lp(value);
    }

    /** The attributes, in order, leaving out the nulls (attributes only one kind of session carries). */
    static List<PathAttribute> attrs(PathAttribute... attributes) {
        return Arrays.stream(attributes).filter(a -> a != null).toList();
    }

    static Update update(List<PathAttribute> attributes, String... nlri) {
        return new Update(List.of(), attributes, prefixes(nlri));
    }

    static Update withdraw(String... prefixes) {
        return new Update(prefixes(prefixes), List.of(), List.of());
    }

    static List<IpPrefix> prefixes(String... p) {
        return Arrays.stream(p).map(IpPrefix::parse).toList();
    }

    static AsPath path(long... sequence) {
        return AsPath.sequence(sequence);
    }

    static AsPath segments(AsPathSegment... segments) {
        return new AsPath(List.of(segments));
    }

    static AsPathSegment confedSequence(long... asns) {
        return new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, asns);
    }

    static NextHop nh(String address) {
        return new NextHop(addr(address));
    }

    static MultiExitDisc med(long value) {
        return new MultiExitDisc(value);
    }

    static LocalPref lp(long value) {
        return new LocalPref(value);
    }

    /** "65001:100" or "no-export" (RFC 1997 well-known 0xFFFFFF01). */
    static Communities communities(String... values) {
        return new Communities(Arrays.stream(values).map(v -> {
            if (v.equals("no-export")) {
                return 0xFFFFFF01;
            }
            String[] p = v.split(":");
            return (Integer.parseInt(p[0]) << 16) | Integer.parseInt(p[1]);
        }).toList());
    }

    /** Route target, two-octet AS specific (RFC 4360 §4: type 0x00, subtype 0x02). */
    static long rt(int as, long local) {
        return (0x0002L << 48) | ((long) as << 32) | local;
    }

    /** Route origin, two-octet AS specific (type 0x00, subtype 0x03). */
    static long routeOrigin(int as, long local) {
        return (0x0003L << 48) | ((long) as << 32) | local;
    }

    static ExtendedCommunities ext(long... values) {
        return new ExtendedCommunities(Arrays.stream(values).boxed().toList());
    }

    static LargeCommunities large(String... values) {
        return new LargeCommunities(Arrays.stream(values).map(v -> {
            String[] p = v.split(":");
            return new LargeCommunity(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        }).toList());
    }

    static MpReach mpReach(AfiSafi family, List<String> nextHops, String... nlri) {
        return new MpReach(family, nextHops.stream().map(GoldenExpectations::addr).toList(), prefixes(nlri));
    }

    static MpUnreach mpUnreach(AfiSafi family, String... withdrawn) {
        return new MpUnreach(family, prefixes(withdrawn));
    }

    static Unknown unknown(int flags, int code, String hexValue) {
        return new Unknown(flags, code, HexFormat.of().parseHex(hexValue));
    }

    static Capability unknownCap(int code, String hexValue) {
        return new Capability.Unknown(code, HexFormat.of().parseHex(hexValue));
    }

    /** An RFC 9003 Cease: one length octet, then the UTF-8 text. */
    static Notification shutdownCommunication(int subcode, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return new Notification(6, subcode, concat(new byte[] {(byte) t.length}, t));
    }

    static IpAddress addr(String literal) {
        return IpAddress.parse(literal);
    }

    static int ip4(String literal) {
        return addr(literal).v4Int();
    }

    static byte[] be32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

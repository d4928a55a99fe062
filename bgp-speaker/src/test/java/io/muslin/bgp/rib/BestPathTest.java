package io.muslin.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per decision step: two or more paths, the expected winner and the reason it won. */
class BestPathTest {
    static final long LOCAL_AS = 64512;

    static RibPeer peer(String address, long as, int bgpId) {
        RibPeer.Kind kind = as == 0 ? RibPeer.Kind.LOCAL : as == LOCAL_AS ? RibPeer.Kind.INTERNAL : RibPeer.Kind.EXTERNAL;
        RibPeer p = new RibPeer(1, address, address == null ? null : IpAddress.parse(address), kind, as, PeerPolicy.DEFAULT);
        p.sessionUp(as, bgpId, kind, List.of());
        return p;
    }

    /** A path from {@code peer} with attributes built from the options. */
    static Path path(RibPeer peer, Object... options) {
        List<PathAttribute> attrs = new ArrayList<>();
        long[] asPath = {};
        for (int i = 0; i < options.length; i += 2) {
            String k = (String) options[i];
            Object v = options[i + 1];
            switch (k) {
                case "lp" -> attrs.add(new PathAttribute.LocalPref((Integer) v));
                case "path" -> asPath = (long[]) v;
                case "origin" -> attrs.add(new PathAttribute.Origin((Integer) v));
                case "med" -> attrs.add(new PathAttribute.MultiExitDisc((Integer) v));
                case "originator" -> attrs.add(new PathAttribute.OriginatorId((Integer) v));
                case "clusters" -> attrs.add(new PathAttribute.ClusterList(List.of((Integer[]) v)));
                default -> throw new IllegalArgumentException(k);
            }
        }
        if (attrs.stream().noneMatch(a -> a instanceof PathAttribute.Origin)) {
            attrs.add(PathAttribute.Origin.IGP);
        }
        attrs.add(new PathAttribute.AsPath(asPath.length == 0 ? List.of() : List.of(AsPathSegment.sequence(asPath))));
        return new Path(peer, AttrSet.of(attrs, List.of(IpAddress.parse("10.0.0.1"))), 0);
    }

    static long[] as(long... a) {
        return a;
    }

    static Stream<Arguments> cases() {
        RibPeer e1 = peer("10.0.0.1", 65001, 0x0A000001), e2 = peer("10.0.0.2", 65002, 0x0A000002);
        RibPeer e1b = peer("10.0.0.3", 65001, 0x0A000003);
        RibPeer i1 = peer("10.0.1.1", LOCAL_AS, 0x0A000101), i2 = peer("10.0.1.2", LOCAL_AS, 0x0A000102);
        RibPeer local = peer(null, 0, 0);
        Path lp200 = path(i1, "lp", 200, "path", as(65001, 65002, 65003));
        Path lp100 = path(i2, "lp", 100);
        Path localRoute = path(local);
        Path shortPath = path(e1, "path", as(65001));
        Path longPath = path(e2, "path", as(65002, 65009));
        Path igp = path(e1, "path", as(65001), "origin", 0);
        Path incomplete = path(e2, "path", as(65002), "origin", 2);
        Path medLow = path(e1, "path", as(65001), "med", 10);
        Path medHigh = path(e1b, "path", as(65001), "med", 50);
        Path medOtherAs = path(e2, "path", as(65002), "med", 5);
        Path ebgp = path(e2, "path", as(65002));
        Path ibgp = path(i1, "path", as(65003));
        Path lowId = path(i1, "path", as(65005));
        Path highId = path(i2, "path", as(65006));
        Path reflectedLowOriginator = path(i2, "path", as(65005), "originator", 0x01010101, "clusters", new Integer[] {1});
        Path shortClusters = path(i1, "path", as(65005), "originator", 0x02020202, "clusters", new Integer[] {1});
        Path longClusters = path(i2, "path", as(65005), "originator", 0x02020202, "clusters", new Integer[] {1, 2});
        RibPeer i1Copy = peer("10.0.1.9", LOCAL_AS, 0x0A000101);
        Path sameIdHighAddress = path(i1Copy, "path", as(65005));
        return Stream.of(
                Arguments.of("higher LOCAL_PREF wins even with a longer AS path", List.of(lp100, lp200), lp200, BestPath.LOCAL_PREF, 1),
                Arguments.of("locally originated wins", List.of(shortPath, localRoute), localRoute, BestPath.LOCAL_ORIGIN, 1),
                Arguments.of("shorter AS_PATH", List.of(longPath, shortPath), shortPath, BestPath.AS_PATH, 1),
                Arguments.of("lower ORIGIN", List.of(incomplete, igp), igp, BestPath.ORIGIN, 1),
                Arguments.of("lower MED from the same neighbour AS", List.of(medHigh, medLow), medLow, BestPath.MED, 1),
                Arguments.of("MED not compared across neighbour ASes: eBGP tie goes to router id",
                        List.of(medOtherAs, medLow), medLow, BestPath.ROUTER_ID, 2),
                Arguments.of("eBGP over iBGP", List.of(ibgp, ebgp), ebgp, BestPath.EBGP, 1),
                Arguments.of("lowest router id among equals (ECMP of two)", List.of(highId, lowId), lowId, BestPath.ROUTER_ID, 2),
                Arguments.of("ORIGINATOR_ID counts as the router id", List.of(lowId, reflectedLowOriginator),
                        reflectedLowOriginator, BestPath.ROUTER_ID, 2),
                Arguments.of("shorter CLUSTER_LIST", List.of(longClusters, shortClusters), shortClusters, BestPath.CLUSTER_LIST, 2),
                Arguments.of("lowest peer address last", List.of(sameIdHighAddress, lowId), lowId, BestPath.PEER_ADDRESS, 2),
                Arguments.of("a single path", List.of(ebgp), ebgp, BestPath.ONLY_PATH, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void picksTheBestForTheRightReason(String name, List<Path> paths, Path winner, String reason, int ecmp) {
        Selection s = new BestPath(false, 0x0A0000FF).select(paths);
        assertThat(s.best()).isSameAs(winner);
        assertThat(s.reason()).isEqualTo(reason);
        assertThat(s.ecmp()).as("multipath set size").isEqualTo(ecmp);
        assertThat(s.paths()).containsExactlyInAnyOrderElementsOf(paths);
        // The order of the candidates does not matter.
        List<Path> reversed = new ArrayList<>(paths);
        java.util.Collections.reverse(reversed);
        assertThat(new BestPath(false, 0x0A0000FF).select(reversed).best()).isSameAs(winner);
    }

    @org.junit.jupiter.api.Test
    void alwaysCompareMedComparesAcrossNeighbourAses() {
        RibPeer e1 = peer("10.0.0.1", 65001, 0x0A000001), e2 = peer("10.0.0.2", 65002, 0x0A000002);
        Path low = path(e2, "path", as(65002), "med", 5), high = path(e1, "path", as(65001), "med", 10);
        Selection s = new BestPath(true, 1).select(List.of(high, low));
        assertThat(s.best()).isSameAs(low);
        assertThat(s.reason()).isEqualTo(BestPath.MED);
    }

    @org.junit.jupiter.api.Test
    void multipathSetComesFirstInTieBreakOrder() {
        RibPeer a = peer("10.0.0.1", 65001, 3), b = peer("10.0.0.2", 65002, 1), c = peer("10.0.0.3", 65003, 2);
        Path pa = path(a, "path", as(65001)), pb = path(b, "path", as(65002)), pc = path(c, "path", as(65003));
        Path longer = path(peer("10.0.0.4", 65004, 0), "path", as(65004, 1));
        Selection s = new BestPath(false, 9).select(List.of(longer, pa, pb, pc));
        assertThat(s.ecmp()).isEqualTo(3);
        assertThat(s.paths()).containsExactly(pb, pc, pa, longer);
        assertThat(s.multipath()).containsExactly(pb, pc, pa);
    }
}

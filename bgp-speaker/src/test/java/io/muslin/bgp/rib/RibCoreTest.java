package io.muslin.bgp.rib;

import static io.muslin.bgp.rib.RibHarness.AS;
import static io.muslin.bgp.rib.RibHarness.announce;
import static io.muslin.bgp.rib.RibHarness.announcedIn;
import static io.muslin.bgp.rib.RibHarness.attrs;
import static io.muslin.bgp.rib.RibHarness.path;
import static io.muslin.bgp.rib.RibHarness.withdraw;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.FilterRule;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RibCoreTest {
    static final IpPrefix P1 = IpPrefix.parse("10.244.1.0/26"), P2 = IpPrefix.parse("10.244.2.0/26");

    @Test
    void withdrawalAndSessionLossRemoveEverythingThePeerSent() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.244.1.0/26", "10.244.2.0/26", "10.244.3.0/26"));
        assertThat(h.rib.locRibSize()).isEqualTo(3);
        assertThat(a.accepted()).isEqualTo(3);
        h.rib.receive(a, withdraw("10.244.3.0/26"));
        assertThat(h.rib.locRibSize()).isEqualTo(2);
        h.rib.peerDown(a, false);
        assertThat(h.rib.locRibSize()).isZero();
        assertThat(a.accepted()).isZero();
        assertThat(a.receivedPrefixes()).isZero();
    }

    @Test
    void aPeerForgetsAttributeSetsNoRouteUses() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001), "lp", 10), "10.244.1.0/26", "10.244.2.0/26"));
        h.rib.receive(a, announce(attrs("path", path(65001), "lp", 20), "10.244.3.0/26"));
        h.rib.receive(a, announce(attrs("path", path(65001), "lp", 10), "10.244.4.0/26"));
        assertThat(a.paths.size()).as("two distinct sets, the repeated one shared").isEqualTo(2);
        assertThat(h.rib.acceptedFrom(a.name()).get(IpPrefix.parse("10.244.4.0/26")))
                .isSameAs(h.rib.acceptedFrom(a.name()).get(P1));
        h.rib.receive(a, announce(attrs("path", path(65001), "lp", 30), "10.244.3.0/26"));
        assertThat(a.paths.size()).as("lp 20's only route moved to lp 30").isEqualTo(2);
        h.rib.receive(a, withdraw("10.244.1.0/26", "10.244.2.0/26", "10.244.4.0/26"));
        assertThat(a.paths.size()).isEqualTo(1);
        h.rib.receive(a, withdraw("10.244.3.0/26"));
        assertThat(a.paths.size()).isZero();
        h.rib.receive(a, announce(attrs("path", path(65001), "lp", 20), "10.244.3.0/26"));
        assertThat(h.rib.acceptedFrom(a.name())).containsOnlyKeys(IpPrefix.parse("10.244.3.0/26"));
        assertThat(h.rib.selection(IpPrefix.parse("10.244.3.0/26")).best().attrs().localPref()).isEqualTo(20);
    }

    @Test
    void loopsAreRejectedOnImport() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        RibPeer i = h.peer("10.0.1.1", AS, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.up(i, 2, "10.0.1.254");
        h.rib.receive(a, announce(attrs("path", path(65001, AS)), "10.244.1.0/26"));
        h.rib.receive(i, announce(attrs("originator", RibHarness.ROUTER_ID), "10.244.2.0/26"));
        h.rib.receive(i, announce(attrs("originator", 7, "clusters", new Integer[] {RibHarness.ROUTER_ID}), "10.244.3.0/26"));
        assertThat(h.rib.locRibSize()).isZero();
        assertThat(a.receivedPrefixes()).as("kept before policy").isEqualTo(1);
    }

    @Test
    void bestPathAndEcmpAreTrackedAsPathsComeAndGo() {
        RibHarness h = new RibHarness();
        h.listen();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT), b = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.up(b, 2, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001), "nh", "10.0.0.1"), "10.244.1.0/26"));
        h.rib.receive(b, announce(attrs("path", path(65002), "nh", "10.0.0.2"), "10.244.1.0/26"));
        Selection s = h.rib.selection(P1);
        assertThat(s.ecmp()).isEqualTo(2);
        assertThat(h.seen.getLast().nextHops()).containsExactly(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"));
        h.rib.receive(b, announce(attrs("path", path(65002, 65003), "nh", "10.0.0.2"), "10.244.1.0/26"));
        assertThat(h.rib.selection(P1).ecmp()).isEqualTo(1);
        assertThat(h.rib.selection(P1).best().peer()).isSameAs(a);
        assertThat(h.rib.selection(P1).reason()).isEqualTo(BestPath.AS_PATH);
        h.rib.receive(a, withdraw("10.244.1.0/26"));
        assertThat(h.rib.selection(P1).best().peer()).isSameAs(b);
        assertThat(h.seen.getLast().nextHops()).containsExactly(IpAddress.parse("10.0.0.2"));
    }

    @Test
    void ownBlocksGoToEveryoneLearnedRoutesStayUnlessAllowed() {
        RibHarness h = new RibHarness();
        RibPeer ebgp = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        RibPeer ebgp2 = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT);
        RibPeer ibgp = h.peer("10.0.1.1", AS, PeerPolicy.DEFAULT);
        h.up(ebgp, 1, "10.0.0.254");
        h.up(ebgp2, 2, "10.0.0.254");
        h.up(ibgp, 3, "10.0.1.254");
        h.rib.originate(P1, List.of());
        h.rib.receive(ebgp, announce(attrs("path", path(65001)), "10.9.0.0/16"));
        List<Update> toEbgp2 = h.drain(ebgp2);
        assertThat(announcedIn(toEbgp2)).containsExactly(P1);
        Update u = toEbgp2.stream().filter(x -> !x.announced().isEmpty()).findFirst().orElseThrow();
        assertThat(u.attribute(PathAttribute.AsPath.class).orElseThrow()).isEqualTo(PathAttribute.AsPath.sequence(AS));
        assertThat(u.attribute(PathAttribute.LocalPref.class)).isEmpty();
        assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(IpAddress.parse("10.0.0.254"));
        assertThat(toEbgp2.getLast().isEndOfRib()).as("End-of-RIB after the initial table").isTrue();
        // iBGP gets the eBGP-learned route only with exportLearned... and its own block always.
        assertThat(announcedIn(h.drain(ibgp))).containsExactly(P1);
        h.rib.setPolicy(ibgp, PeerPolicy.DEFAULT.withExportLearned(true));
        List<Update> more = h.drain(ibgp);
        assertThat(announcedIn(more)).containsExactly(IpPrefix.parse("10.9.0.0/16"));
        Update learned = more.getFirst();
        assertThat(learned.attribute(PathAttribute.LocalPref.class).orElseThrow().value()).isEqualTo(100);
        assertThat(learned.attribute(PathAttribute.NextHop.class).orElseThrow().address())
                .as("next hop kept towards iBGP (Auto)").isEqualTo(IpAddress.parse("192.0.2.1"));
    }

    @Test
    void routeReflectionFollowsRfc4456() {
        RibHarness h = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRouting(RoutingSettings.DEFAULT.withClusterId(IpAddress.parse("10.10.10.10"))));
        PeerPolicy client = PeerPolicy.DEFAULT.withRouteReflectorClient(true);
        RibPeer c1 = h.peer("10.0.1.1", AS, client), c2 = h.peer("10.0.1.2", AS, client);
        RibPeer n1 = h.peer("10.0.1.3", AS, PeerPolicy.DEFAULT), n2 = h.peer("10.0.1.4", AS, PeerPolicy.DEFAULT);
        h.up(c1, 0x0A000101, "10.0.1.254");
        h.up(c2, 0x0A000102, "10.0.1.254");
        h.up(n1, 0x0A000103, "10.0.1.254");
        h.up(n2, 0x0A000104, "10.0.1.254");
        h.rib.receive(c1, announce(attrs("nh", "10.0.1.1"), "10.244.1.0/26"));
        h.rib.receive(n1, announce(attrs("nh", "10.0.1.3"), "10.244.2.0/26"));
        // From a client: to the other client and to non-clients, never back.
        assertThat(announcedIn(h.drain(c1))).containsExactly(P2);
        List<Update> toC2 = h.drain(c2);
        assertThat(announcedIn(toC2)).containsExactlyInAnyOrder(P1, P2);
        Update reflected = toC2.stream().filter(u -> u.announced().contains(P1)).findFirst().orElseThrow();
        assertThat(reflected.attribute(PathAttribute.OriginatorId.class).orElseThrow().routerId()).isEqualTo(0x0A000101);
        assertThat(reflected.attribute(PathAttribute.ClusterList.class).orElseThrow().clusterIds()).containsExactly(0x0A0A0A0A);
        assertThat(reflected.attribute(PathAttribute.NextHop.class).orElseThrow().address())
                .as("a reflector keeps the next hop").isEqualTo(IpAddress.parse("10.0.1.1"));
        // From a non-client: to clients only.
        assertThat(announcedIn(h.drain(n2))).containsExactly(P1);
        assertThat(announcedIn(h.drain(n1))).containsExactly(P1);
    }

    @Test
    void withoutReflectionIbgpRoutesAreNotPassedToIbgp() {
        RibHarness h = new RibHarness();
        RibPeer i1 = h.peer("10.0.1.1", AS, PeerPolicy.DEFAULT), i2 = h.peer("10.0.1.2", AS, PeerPolicy.DEFAULT);
        h.up(i1, 1, "10.0.1.254");
        h.up(i2, 2, "10.0.1.254");
        h.rib.receive(i1, announce(attrs(), "10.244.1.0/26"));
        assertThat(announcedIn(h.drain(i2))).isEmpty();
        h.rib.setPolicy(i2, PeerPolicy.DEFAULT.withExportLearned(true));
        assertThat(announcedIn(h.drain(i2))).as("split horizon holds even when learned routes are allowed").isEmpty();
    }

    @Test
    void importFiltersAndMeshPoolDefault() {
        RibHarness h = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRouting(RoutingSettings.DEFAULT.withPools(List.of(IpPrefix.parse("10.244.0.0/16")))));
        RibPeer mesh = h.peer("10.0.1.1", AS, PeerPolicy.DEFAULT.withMeshPeer(true));
        Filter onlyBlocks = new Filter("blocks-26", List.of(
                new FilterRule(FilterRule.Action.ACCEPT, FilterRule.MatchOperator.IN, IpPrefix.parse("10.0.0.0/8"), 24, 26,
                        List.of(), List.of(), List.of(new FilterRule.Operation.SetLocalPreference(300))),
                new FilterRule(FilterRule.Action.REJECT, null, null, null, null, List.of(), List.of(), List.of())));
        RibPeer tor = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT.withImportFilters(List.of(onlyBlocks)));
        h.up(mesh, 1, "10.0.1.254");
        h.up(tor, 2, "10.0.0.254");
        h.rib.receive(mesh, announce(attrs(), "10.244.1.0/26", "0.0.0.0/0", "10.245.0.0/26"));
        assertThat(h.rib.locRibSize()).as("a mesh peer may announce only pool prefixes").isEqualTo(1);
        h.rib.receive(tor, announce(attrs("path", path(65001)), "10.9.0.0/24", "10.9.1.0/27", "10.9.0.0/16"));
        assertThat(h.rib.selection(IpPrefix.parse("10.9.0.0/24")).best().attrs().localPref()).isEqualTo(300);
        assertThat(h.rib.selection(IpPrefix.parse("10.9.1.0/27"))).isNull();
        assertThat(h.rib.selection(IpPrefix.parse("10.9.0.0/16"))).isNull();
        assertThat(tor.receivedPrefixes()).isEqualTo(3);
        assertThat(tor.accepted()).isEqualTo(1);
    }

    @Test
    void exportFilterOperations() {
        RibHarness h = new RibHarness();
        Filter tag = new Filter("tag", List.of(new FilterRule(FilterRule.Action.ACCEPT, FilterRule.MatchOperator.EQUAL, P1,
                null, null, List.of(), List.of(), List.of(new FilterRule.Operation.AddCommunity(0xFC000064),
                new FilterRule.Operation.PrependAsPath(List.of(AS, AS))))));
        RibPeer tor = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT.withExportFilters(List.of(tag)));
        h.up(tor, 1, "10.0.0.254");
        h.rib.originate(P1, List.of());
        h.rib.originate(P2, List.of());
        List<Update> sent = h.drain(tor);
        Update tagged = sent.stream().filter(u -> u.announced().contains(P1)).findFirst().orElseThrow();
        assertThat(tagged.attribute(PathAttribute.Communities.class).orElseThrow().values()).containsExactly(0xFC000064);
        assertThat(tagged.attribute(PathAttribute.AsPath.class).orElseThrow()).isEqualTo(PathAttribute.AsPath.sequence(AS, AS, AS));
        assertThat(announcedIn(sent)).containsExactlyInAnyOrder(P1, P2);
    }

    @Test
    void maxPrefixWarnsOrResetsWithCease61() {
        RibHarness h = new RibHarness();
        RibPeer warn = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT.withMaxPrefix(new PeerPolicy.MaxPrefix(2, true, Duration.ZERO)));
        RibPeer strict = h.peer("10.0.0.2", 65002,
                PeerPolicy.DEFAULT.withMaxPrefix(new PeerPolicy.MaxPrefix(2, false, Duration.ofSeconds(30))));
        RibHarness.Control cw = h.up(warn, 1, "10.0.0.254");
        RibHarness.Control cs = h.up(strict, 2, "10.0.0.254");
        h.rib.receive(warn, announce(attrs("path", path(65001)), "10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24"));
        h.rib.receive(strict, announce(attrs("path", path(65002)), "10.2.0.0/24", "10.2.1.0/24"));
        assertThat(cs.resets).isEmpty();
        h.rib.receive(strict, announce(attrs("path", path(65002)), "10.2.2.0/24"));
        assertThat(cw.resets).isEmpty();
        assertThat(cs.resets).containsExactly(new Notification(6, 1, new byte[] {0, 1, 1, 0, 0, 0, 2}));
        assertThat(cs.delays).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void helperKeepsARestartingPeersRoutesUntilItsEndOfRib() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24"));
        h.rib.peerDown(a, true);
        assertThat(h.rib.locRibSize()).as("kept while restarting").isEqualTo(3);
        assertThat(h.rib.selection(IpPrefix.parse("10.1.0.0/24")).best().isStale()).isTrue();
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24"));
        assertThat(h.rib.selection(IpPrefix.parse("10.1.0.0/24")).best().isStale()).isFalse();
        assertThat(h.rib.locRibSize()).isEqualTo(3);
        h.rib.receive(a, Update.endOfRib(AfiSafi.IPV4_UNICAST));
        assertThat(h.rib.locRibSize()).as("what was not sent again is dropped at End-of-RIB").isEqualTo(1);
        assertThat(a.isRestarting()).as("until the End-of-RIB of every family").isTrue();
        h.rib.receive(a, Update.endOfRib(AfiSafi.IPV6_UNICAST));
        assertThat(a.isRestarting()).isFalse();
    }

    @Test
    void helperDropsStaleRoutesWhenThePeerDoesNotComeBackInTime() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24", "10.1.1.0/24"));
        h.rib.peerDown(a, true);
        h.rib.staleExpired(a);
        assertThat(h.rib.locRibSize()).isZero();
        assertThat(a.accepted()).isZero();
    }

    /** RFC 4724 §4.2: the restarted peer's new OPEN says which families kept their forwarding state (F bit). */
    @Test
    void helperDropsAtOnceTheStaleRoutesOfFamiliesTheRestartedPeerDidNotKeepForwardingFor() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24", "10.1.1.0/24"));
        h.rib.receive(a, announce(List.of(PathAttribute.Origin.IGP, new PathAttribute.AsPath(List.of()),
                new PathAttribute.MpReach(AfiSafi.IPV6_UNICAST, List.of(IpAddress.parse("fd00::1")),
                        List.of(IpPrefix.parse("fd01::/64")))), new String[0]));
        assertThat(h.rib.locRibSize()).isEqualTo(3);
        h.rib.peerDown(a, true);
        h.listen();
        h.up(a, 1, "10.0.0.254", RibHarness.gr(true, false, true));
        assertThat(h.seen).as("IPv4 (F bit clear) dropped when the session is back, before any End-of-RIB")
                .filteredOn(RouteChange::withdrawn).extracting(RouteChange::prefix)
                .containsExactlyInAnyOrder(IpPrefix.parse("10.1.0.0/24"), IpPrefix.parse("10.1.1.0/24"));
        assertThat(h.rib.selection(IpPrefix.parse("fd01::/64")).best().isStale()).as("IPv6 (F bit set) kept, stale").isTrue();
        assertThat(a.isRestarting()).isTrue();
        h.rib.receive(a, Update.endOfRib(AfiSafi.IPV6_UNICAST));
        assertThat(h.rib.locRibSize()).isZero();
        assertThat(a.isRestarting()).isFalse();

        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24"));
        h.rib.peerDown(a, true);
        h.up(a, 1, "10.0.0.254", null);
        assertThat(h.rib.locRibSize()).as("no GR capability in the new OPEN: every stale route goes").isZero();
        assertThat(a.isRestarting()).isFalse();
    }

    /**
     * RFC 4724 §4.1: a restarting speaker waits for End-of-RIB from every peer except those
     * restarting too (R bit) and those without GR — else two speakers restarting together each
     * wait for the other until the selection deferral timer runs out.
     */
    @Test
    void restartingSpeakerDoesNotWaitForPeersThatRestartTooOrHaveNoGracefulRestart() {
        RibHarness h = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRestarting(true, Duration.ofSeconds(360)));
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT), b = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT),
                c = h.peer("10.0.0.3", 65003, PeerPolicy.DEFAULT);
        h.rib.originate(P1, List.of());
        h.up(a, 1, "10.0.0.254");
        h.up(b, 2, "10.0.0.254", RibHarness.gr(true, true, true));
        h.up(c, 3, "10.0.0.254", null);
        assertThat(h.rib.isDeferring()).isTrue();
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            h.rib.receive(a, Update.endOfRib(f));
        }
        assertThat(h.rib.isDeferring()).as("only a's End-of-RIB is awaited").isFalse();
        assertThat(announcedIn(h.drain(b))).containsExactly(P1);

        RibHarness both = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRestarting(true, Duration.ofSeconds(360)));
        RibPeer other = both.peer("10.0.0.1", 64512, PeerPolicy.DEFAULT);
        both.up(other, 1, "10.0.0.254", RibHarness.gr(true, true, true));
        assertThat(both.rib.isDeferring()).as("the only peer restarts too: no End-of-RIB to wait for").isFalse();
    }

    @Test
    void restartingSpeakerDefersSelectionUntilEveryEndOfRib() {
        RibHarness h = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRestarting(true, Duration.ofSeconds(120)));
        h.listen();
        assertThat(h.snapshotComplete).isFalse();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT), b = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT);
        h.rib.originate(P1, List.of());
        h.up(a, 1, "10.0.0.254");
        h.up(b, 2, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24"));
        assertThat(h.drain(b)).as("nothing exported while deferring").isEmpty();
        assertThat(h.seen).isEmpty();
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            h.rib.receive(a, Update.endOfRib(f));
        }
        assertThat(h.rib.isDeferring()).isTrue();
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            h.rib.receive(b, Update.endOfRib(f));
        }
        assertThat(h.rib.isDeferring()).isFalse();
        assertThat(h.snapshotComplete).isTrue();
        assertThat(h.snapshot).extracting(RouteChange::prefix).containsExactlyInAnyOrder(P1, IpPrefix.parse("10.1.0.0/24"));
        assertThat(announcedIn(h.drain(b))).containsExactly(P1);
    }

    /**
     * FRR sets the R bit on every session for its first restart time after bgpd starts. Selection
     * does not wait for such a peer (no deadlock with a peer that really restarts), but the Loc-RIB
     * is handed to consumers as incomplete until its End-of-RIB, so a FIB keeps the routes that
     * peer is still to send; the deferral timer bounds the wait.
     */
    @Test
    void aPeerWithTheRBitIsNotWaitedForBySelectionButItsRoutesAreBeforeTheLocRibIsComplete() {
        RibHarness h = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRestarting(true, Duration.ofSeconds(360)));
        h.listen();
        RibPeer frr = h.peer("10.0.0.1", 64512, PeerPolicy.DEFAULT);
        h.up(frr, 1, "10.0.0.254", RibHarness.gr(true, false, false));
        assertThat(h.rib.isDeferring()).as("selection does not wait for a peer with the R bit").isFalse();
        assertThat(h.snapshotComplete).as("but the Loc-RIB is not complete without its routes").isFalse();
        h.rib.receive(frr, announce(attrs("path", path()), "10.1.0.0/24"));
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            h.rib.receive(frr, Update.endOfRib(f));
        }
        assertThat(h.snapshotComplete).isTrue();
        assertThat(h.snapshot).extracting(RouteChange::prefix).containsExactly(IpPrefix.parse("10.1.0.0/24"));

        RibHarness silent = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRestarting(true, Duration.ofSeconds(360)));
        silent.listen();
        RibPeer p = silent.peer("10.0.0.1", 64512, PeerPolicy.DEFAULT);
        silent.up(p, 1, "10.0.0.254", RibHarness.gr(true, false, false));
        assertThat(silent.snapshotComplete).isFalse();
        silent.rib.deferralExpired();
        assertThat(silent.snapshotComplete).as("the deferral timer bounds the wait").isTrue();
    }

    @Test
    void aPrefixThatChangesTwiceBeforeItIsSentIsSentOnce() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT.withExportLearned(true));
        RibPeer b = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT.withExportLearned(true));
        h.up(a, 1, "10.0.0.254");
        h.up(b, 2, "10.0.0.254");
        h.drain(b);
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24", "10.1.1.0/24"));
        h.rib.receive(a, announce(attrs("path", path(65001, 65009)), "10.1.0.0/24"));
        h.rib.receive(a, withdraw("10.1.1.0/24"));
        List<Update> sent = h.drain(b);
        assertThat(sent).hasSize(1);
        assertThat(announcedIn(sent)).containsExactly(IpPrefix.parse("10.1.0.0/24"));
        assertThat(sent.getFirst().attribute(PathAttribute.AsPath.class).orElseThrow())
                .isEqualTo(PathAttribute.AsPath.sequence(AS, 65001, 65009));
        assertThat(sent.getFirst().withdrawn()).as("10.1.1.0/24 was never sent, so nothing to withdraw").isEmpty();
    }

    @Test
    void routeRefreshSendsEverythingAgain() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.originate(P1, List.of());
        h.rib.originate(P2, List.of());
        assertThat(announcedIn(h.drain(a))).hasSize(2);
        assertThat(h.drain(a)).isEmpty();
        h.rib.routeRefresh(a, AfiSafi.IPV4_UNICAST);
        assertThat(announcedIn(h.drain(a))).containsExactlyInAnyOrder(P1, P2);
    }

    @Test
    void lateSubscriberGetsTheSnapshotFirst() {
        RibHarness h = new RibHarness();
        h.rib.originate(P1, List.of());
        h.listen();
        assertThat(h.snapshotComplete).isTrue();
        assertThat(h.snapshot).singleElement().satisfies(c -> assertThat(c.isLocal()).isTrue());
        h.rib.withdrawOriginated(P1);
        assertThat(h.seen).singleElement().satisfies(c -> assertThat(c.withdrawn()).isTrue());
    }

    @Test
    void adjRibInWithoutImportPolicyIsTheLocRibPlusWhatWasDropped() {
        RibHarness h = new RibHarness();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("path", path(65001)), "10.1.0.0/24", "10.1.1.0/24"));
        h.rib.receive(a, announce(attrs("path", path(65001, AS)), "10.1.2.0/24"));
        assertThat(a.receivedPrefixes()).isEqualTo(3);
        assertThat(h.rib.adjRibIn("10.0.0.1").keySet()).extracting(Object::toString)
                .containsExactlyInAnyOrder("10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24");
        // A filter arrives: the Adj-RIB-In is rebuilt from the Loc-RIB and import runs again.
        Filter only24 = new Filter("only-10.1.0", List.of(FilterRule.accept(FilterRule.MatchOperator.EQUAL,
                IpPrefix.parse("10.1.0.0/24")), new FilterRule(FilterRule.Action.REJECT, null, null, null, null,
                List.of(), List.of(), List.of())));
        h.rib.setPolicy(a, PeerPolicy.DEFAULT.withImportFilters(List.of(only24)));
        assertThat(a.receivedPrefixes()).isEqualTo(3);
        assertThat(a.accepted()).isEqualTo(1);
        // And back: everything not a loop is accepted again, nothing was lost.
        h.rib.setPolicy(a, PeerPolicy.DEFAULT);
        assertThat(a.accepted()).isEqualTo(2);
        assertThat(a.receivedPrefixes()).isEqualTo(3);
        h.rib.receive(a, withdraw("10.1.2.0/24", "10.1.0.0/24"));
        assertThat(a.receivedPrefixes()).isEqualTo(1);
        h.rib.peerDown(a, false);
        assertThat(a.receivedPrefixes()).isZero();
        assertThat(h.rib.locRibSize()).isZero();
    }
}

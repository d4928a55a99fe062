package io.muslin.bgp.rib;

import static io.muslin.bgp.rib.RibHarness.AS;
import static io.muslin.bgp.rib.RibHarness.announce;
import static io.muslin.bgp.rib.RibHarness.announcedIn;
import static io.muslin.bgp.rib.RibHarness.attrs;
import static io.muslin.bgp.rib.RibHarness.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing settings changed while sessions run: import and export follow, no session is reset. */
class RoutingSettingsChangeTest {
    static final IpPrefix IN_POOL = IpPrefix.parse("10.244.1.0/26"), OUTSIDE = IpPrefix.parse("10.99.0.0/24");
    static final RoutingSettings POOL = RoutingSettings.DEFAULT.withPools(List.of(IpPrefix.parse("10.244.0.0/16")));

    static RibHarness harness(RoutingSettings routing) {
        RibHarness h = new RibHarness(RibConfig.of(AS, RibHarness.ROUTER_ID).withRouting(routing));
        h.listen();
        return h;
    }

    @Test
    void aMeshPeersPrefixOutsideThePoolsIsAcceptedOnceAPoolHoldsItAndDroppedWhenItGoes() {
        RibHarness h = harness(POOL);
        RibPeer mesh = h.peer("10.0.1.1", AS, PeerPolicy.DEFAULT.withMeshPeer(true));
        RibHarness.Control session = h.up(mesh, 1, "10.0.1.254");
        h.rib.receive(mesh, announce(attrs("nh", "10.0.1.1"), IN_POOL.toString(), OUTSIDE.toString()));
        assertThat(h.rib.acceptedFrom("10.0.1.1")).containsOnlyKeys(IN_POOL);

        h.rib.setRouting(POOL.withPools(List.of(IpPrefix.parse("10.244.0.0/16"), IpPrefix.parse("10.99.0.0/16"))));
        assertThat(h.rib.acceptedFrom("10.0.1.1")).containsOnlyKeys(IN_POOL, OUTSIDE);
        assertThat(h.seen.getLast().prefix()).isEqualTo(OUTSIDE);
        assertThat(h.seen.getLast().nextHops()).containsExactly(IpAddress.parse("10.0.1.1"));

        h.rib.setRouting(POOL.withPools(List.of(IpPrefix.parse("10.99.0.0/16"))));
        assertThat(h.rib.acceptedFrom("10.0.1.1")).containsOnlyKeys(OUTSIDE);
        assertThat(h.seen.getLast()).satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(IN_POOL);
            assertThat(c.withdrawn()).isTrue();
        });

        h.rib.setRouting(RoutingSettings.DEFAULT);
        assertThat(h.rib.acceptedFrom("10.0.1.1")).as("no pools: a mesh peer's import is the identity")
                .containsOnlyKeys(IN_POOL, OUTSIDE);
        assertThat(mesh.receivedPrefixes()).isEqualTo(2);
        assertThat(session.resets).as("no session was reset").isEmpty();
    }

    @Test
    void aPoolChangeLeavesPeersThatAreNotMeshPeersAlone() {
        RibHarness h = harness(POOL);
        RibPeer tor = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        h.up(tor, 1, "10.0.0.254");
        h.rib.receive(tor, announce(attrs("path", path(65001)), OUTSIDE.toString()));
        int changes = h.seen.size();
        h.rib.setRouting(POOL.withPools(List.of(IpPrefix.parse("10.1.0.0/16"))));
        assertThat(h.rib.acceptedFrom("10.0.0.1")).containsOnlyKeys(OUTSIDE);
        assertThat(h.seen).hasSize(changes);
    }

    @Test
    void aNewClusterIdIsReflectedAndUsedForTheLoopCheck() {
        IpAddress oldId = IpAddress.parse("10.10.10.10"), newId = IpAddress.parse("10.10.10.11");
        RibHarness h = harness(RoutingSettings.DEFAULT.withClusterId(oldId));
        RibPeer client = h.peer("10.0.1.1", AS, PeerPolicy.DEFAULT.withRouteReflectorClient(true));
        RibPeer other = h.peer("10.0.1.3", AS, PeerPolicy.DEFAULT);
        h.up(client, 0x0A000101, "10.0.1.254");
        RibHarness.Control otherSession = h.up(other, 0x0A000103, "10.0.1.254");
        h.rib.receive(client, announce(attrs("nh", "10.0.1.1"), IN_POOL.toString()));
        // From the non-client: a route that already passed a reflector of cluster newId.
        h.rib.receive(other, announce(attrs("nh", "10.0.1.3", "originator", 7, "clusters", new Integer[] {newId.v4Int()}),
                OUTSIDE.toString()));
        assertThat(clusterListSentFor(h.drain(other), IN_POOL)).containsExactly(oldId.v4Int());
        assertThat(h.rib.acceptedFrom("10.0.1.3")).as("not a loop yet").containsOnlyKeys(OUTSIDE);

        h.rib.setRouting(RoutingSettings.DEFAULT.withClusterId(newId));
        assertThat(clusterListSentFor(h.drain(other), IN_POOL)).as("reflected again with the new cluster id")
                .containsExactly(newId.v4Int());
        assertThat(h.rib.acceptedFrom("10.0.1.3")).as("now a cluster loop (RFC 4456 §8)").isEmpty();
        assertThat(other.receivedPrefixes()).as("kept before policy, for when the id changes back").isEqualTo(1);

        h.rib.setRouting(RoutingSettings.DEFAULT.withClusterId(oldId));
        assertThat(h.rib.acceptedFrom("10.0.1.3")).containsOnlyKeys(OUTSIDE);
        assertThat(otherSession.resets).isEmpty();
    }

    @Test
    void newNextHopSelfAddressesAreSentToEveryPeer() {
        RibHarness h = harness(RoutingSettings.DEFAULT);
        RibPeer ebgp = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT);
        RibHarness.Control c = h.up(ebgp, 1, "10.0.0.254");
        h.rib.originate(IN_POOL, List.of());
        assertThat(nextHopSentFor(h.drain(ebgp), IN_POOL)).as("the session's local address").isEqualTo(IpAddress.parse("10.0.0.254"));

        h.rib.setRouting(RoutingSettings.DEFAULT.withNextHops(IpAddress.parse("192.0.2.99"), null));
        assertThat(nextHopSentFor(h.drain(ebgp), IN_POOL)).isEqualTo(IpAddress.parse("192.0.2.99"));
        h.rib.setRouting(RoutingSettings.DEFAULT);
        assertThat(nextHopSentFor(h.drain(ebgp), IN_POOL)).isEqualTo(IpAddress.parse("10.0.0.254"));
        assertThat(c.resets).isEmpty();
    }

    @Test
    void alwaysCompareMedSelectsAgain() {
        RibHarness h = harness(RoutingSettings.DEFAULT);
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT), b = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.up(b, 2, "10.0.0.254");
        h.rib.receive(a, announce(with(attrs("path", path(65001), "nh", "10.0.0.1"), new PathAttribute.MultiExitDisc(50)),
                OUTSIDE.toString()));
        h.rib.receive(b, announce(with(attrs("path", path(65002), "nh", "10.0.0.2"), new PathAttribute.MultiExitDisc(10)),
                OUTSIDE.toString()));
        assertThat(h.seen.getLast().nextHops()).as("MEDs of different ASes are not compared: ECMP")
                .containsExactly(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"));

        h.rib.setRouting(RoutingSettings.DEFAULT.withAlwaysCompareMed(true));
        assertThat(h.seen.getLast().nextHops()).containsExactly(IpAddress.parse("10.0.0.2"));
        assertThat(h.seen.getLast().best().reason()).isEqualTo(BestPath.MED);
        assertThat(h.seen.getLast().best().med()).hasValue(10);
    }

    static List<PathAttribute> with(List<PathAttribute> attrs, PathAttribute extra) {
        List<PathAttribute> out = new java.util.ArrayList<>(attrs);
        out.add(extra);
        return out;
    }

    static List<Integer> clusterListSentFor(List<Update> updates, IpPrefix x) {
        return updates.stream().filter(u -> u.announced().contains(x)).reduce((first, second) -> second).orElseThrow()
                .attribute(PathAttribute.ClusterList.class).orElseThrow().clusterIds();
    }

    static IpAddress nextHopSentFor(List<Update> updates, IpPrefix x) {
        assertThat(announcedIn(updates)).contains(x);
        return updates.stream().filter(u -> u.announced().contains(x)).reduce((first, second) -> second).orElseThrow()
                .attribute(PathAttribute.NextHop.class).orElseThrow().address();
    }
}

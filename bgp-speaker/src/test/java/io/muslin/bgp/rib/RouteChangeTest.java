package io.muslin.bgp.rib;

import static io.muslin.bgp.rib.RibHarness.AS;
import static io.muslin.bgp.rib.RibHarness.announce;
import static io.muslin.bgp.rib.RibHarness.attrs;
import static io.muslin.bgp.rib.RibHarness.path;
import static io.muslin.bgp.rib.RibHarness.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What consumers get: values made on the RIB's thread that later RIB changes cannot touch. */
class RouteChangeTest {
    static final IpPrefix X = IpPrefix.parse("10.9.0.0/16"), OWN = IpPrefix.parse("10.244.1.0/26");

    @Test
    void aChangeCarriesTheSelectionAsValues() {
        RibHarness h = new RibHarness();
        h.listen();
        RibPeer a = h.peer("10.0.0.1", 65001, PeerPolicy.DEFAULT), b = h.peer("10.0.0.2", 65002, PeerPolicy.DEFAULT);
        RibPeer c = h.peer("10.0.0.3", 65003, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.up(b, 2, "10.0.0.254");
        h.up(c, 3, "10.0.0.254");
        List<PathAttribute> fromA = RoutingSettingsChangeTest.with(attrs("path", path(65001, 65100), "nh", "10.0.0.1",
                "communities", new Integer[] {(65001 << 16) | 7}), new PathAttribute.MultiExitDisc(20));
        h.rib.receive(a, announce(fromA, X.toString()));
        h.rib.receive(b, announce(attrs("path", path(65002, 65100), "nh", "10.0.0.2"), X.toString()));
        // c's path is equal too and has the same next hop as b's: one next hop, not two.
        h.rib.receive(c, announce(attrs("path", path(65003, 65100), "nh", "10.0.0.2"), X.toString()));
        RouteChange last = h.seen.getLast();
        assertThat(last.prefix()).isEqualTo(X);
        BestRoute r = last.best();
        assertThat(r.nextHops()).as("multipath set, best first, no repeats")
                .containsExactly(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"));
        assertThat(r.local()).isFalse();
        assertThat(r.sourcePeer()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(r.asPathLength()).isEqualTo(2);
        assertThat(r.communities()).containsExactly((65001 << 16) | 7);
        assertThat(r.localPref()).isEqualTo(100);
        assertThat(r.med()).isEqualTo(OptionalLong.of(20));
        assertThat(r.candidates()).isEqualTo(3);
        assertThat(r.reason()).isEqualTo(BestPath.ROUTER_ID);
        assertThat(r.stale()).isFalse();

        h.rib.originate(OWN, List.of(new PathAttribute.Communities(List.of(PathAttribute.Communities.NO_EXPORT))));
        BestRoute own = h.seen.getLast().best();
        assertThat(own.local()).isTrue();
        assertThat(own.sourcePeer()).isNull();
        assertThat(own.nextHops()).isEmpty();
        assertThat(own.communities()).containsExactly(PathAttribute.Communities.NO_EXPORT);
        assertThat(own.med()).isEmpty();
    }

    @Test
    void whatAConsumerHoldsDoesNotChangeWhenTheRibDoes() {
        RibHarness h = new RibHarness();
        h.listen();
        RibPeer a = h.peer("10.0.0.1", AS, PeerPolicy.DEFAULT);
        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, announce(attrs("nh", "10.0.0.1"), X.toString()));
        RouteChange held = h.seen.getLast();
        BestRoute before = held.best();

        h.rib.peerDown(a, true);
        assertThat(held.best()).isSameAs(before);
        assertThat(held.best().stale()).as("the value handed out earlier").isFalse();
        assertThat(h.seen.getLast()).as("a new value says stale, same next hops").satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(X);
            assertThat(c.best().stale()).isTrue();
            assertThat(c.nextHops()).containsExactly(IpAddress.parse("10.0.0.1"));
        });

        h.up(a, 1, "10.0.0.254");
        h.rib.receive(a, withdraw(X.toString()));
        assertThat(held.best().nextHops()).containsExactly(IpAddress.parse("10.0.0.1"));
        assertThat(h.seen.getLast().withdrawn()).isTrue();
        assertThat(h.seen.getLast().best()).isNull();
    }

    @Test
    void theListsHandedToConsumersCannotBeChanged() {
        RibHarness h = new RibHarness();
        List<List<RouteChange>> batches = new java.util.ArrayList<>();
        h.rib.subscribe(new LocRibListener() {
            @Override
            public void snapshot(List<RouteChange> routes, boolean complete) {
                batches.add(routes);
            }

            @Override
            public void changes(List<RouteChange> changes) {
                batches.add(changes);
            }
        });
        h.rib.originate(OWN, List.of());
        assertThat(batches).hasSize(2).allSatisfy(b ->
                assertThatThrownBy(() -> b.add(new RouteChange(X, null))).isInstanceOf(UnsupportedOperationException.class));
    }
}

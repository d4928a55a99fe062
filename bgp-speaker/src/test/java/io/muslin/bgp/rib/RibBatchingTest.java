package io.muslin.bgp.rib;

import static io.muslin.bgp.rib.RibHarness.AS;
import static io.muslin.bgp.rib.RibHarness.ROUTER_ID;
import static io.muslin.bgp.rib.RibHarness.announce;
import static io.muslin.bgp.rib.RibHarness.attrs;
import static io.muslin.bgp.rib.RibHarness.path;
import static io.muslin.bgp.rib.RibHarness.withdraw;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The RIB's thread delivers the changes of UPDATEs that queued up behind each other in batches,
 * in order, and nothing is lost: a listener sees every prefix's last state, in far fewer calls
 * than there were UPDATEs.
 */
class RibBatchingTest {
    /** Records every batch the Loc-RIB hands out. */
    static final class Batches implements LocRibListener {
        final List<List<RouteChange>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void snapshot(List<RouteChange> routes, boolean complete) {
        }

        @Override
        public void changes(List<RouteChange> changes) {
            batches.add(changes);
        }

        int routes() {
            return batches.stream().mapToInt(List::size).sum();
        }
    }

    private static Rib ribWithPeer(Batches listener) throws Exception {
        Rib rib = new Rib(RibConfig.of(AS, ROUTER_ID));
        rib.subscribe(listener);
        rib.addPeer("a", IpAddress.parse("10.0.0.1"), 65001, PeerPolicy.DEFAULT);
        Negotiated n = new Negotiated(65001, 1, 90, List.of(AfiSafi.IPV4_UNICAST), true, false, true, true, null, null);
        rib.peerUp("a", n, IpAddress.parse("10.0.0.254"), null, new RibHarness.Control());
        rib.query(c -> null).get(10, TimeUnit.SECONDS);
        return rib;
    }

    /** Holds the RIB's thread until the returned latch is counted down, so what is queued meanwhile waits. */
    private static CountDownLatch hold(Rib rib) {
        CountDownLatch release = new CountDownLatch(1);
        rib.query(c -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        return release;
    }

    private static void settle(Rib rib, CountDownLatch applied) throws Exception {
        assertThat(applied.await(30, TimeUnit.SECONDS)).isTrue();
        rib.query(c -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void queuedUpdatesReachTheListenerTogetherWithTheLastStatePerPrefix() throws Exception {
        Batches listener = new Batches();
        try (Rib rib = ribWithPeer(listener)) {
            CountDownLatch release = hold(rib);
            // 300 UPDATEs of 3 prefixes each; the first 30 prefixes are withdrawn again at the end.
            List<Update> updates = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                List<String> prefixes = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    prefixes.add("10." + (i * 3 + k) / 256 + "." + (i * 3 + k) % 256 + ".0/24");
                }
                updates.add(announce(attrs("path", path(65001), "lp", 100 + i), prefixes.toArray(String[]::new)));
            }
            List<String> gone = new ArrayList<>();
            for (int k = 0; k < 30; k++) {
                gone.add("10.0." + k + ".0/24");
            }
            updates.add(withdraw(gone.toArray(String[]::new)));
            CountDownLatch applied = new CountDownLatch(updates.size());
            for (Update u : updates) {
                rib.receive("a", u, applied::countDown);
            }
            release.countDown();
            settle(rib, applied);

            assertThat(listener.batches.size()).as("batches for %d queued UPDATEs", updates.size()).isLessThan(10);
            Map<IpPrefix, RouteChange> last = new HashMap<>();
            listener.batches.forEach(b -> b.forEach(c -> last.put(c.prefix(), c)));
            assertThat(last).hasSize(900);
            assertThat(last.values().stream().filter(RouteChange::withdrawn)).hasSize(30);
            assertThat(last.get(IpPrefix.parse("10.0.0.0/24")).withdrawn()).isTrue();
            assertThat(last.get(IpPrefix.parse("10.3.131.0/24")).best().localPref()).isEqualTo(100 + 299);
            assertThat(rib.stats().locRibRoutes()).isEqualTo(870);
        }
    }

    @Test
    void aLongBurstIsDeliveredInBoundedBatches() throws Exception {
        Batches listener = new Batches();
        try (Rib rib = ribWithPeer(listener)) {
            CountDownLatch release = hold(rib);
            int perUpdate = 1000;
            int updates = 12;
            CountDownLatch applied = new CountDownLatch(updates);
            for (int i = 0; i < updates; i++) {
                String[] prefixes = new String[perUpdate];
                for (int k = 0; k < perUpdate; k++) {
                    int n = i * perUpdate + k;
                    prefixes[k] = "10." + (n >>> 16) + "." + ((n >>> 8) & 255) + "." + (n & 255) + "/32";
                }
                rib.receive("a", announce(attrs("path", path(65001)), prefixes), applied::countDown);
            }
            release.countDown();
            settle(rib, applied);

            assertThat(listener.routes()).isEqualTo(updates * perUpdate);
            assertThat(listener.batches.size()).as("a burst streams out while it goes on").isGreaterThanOrEqualTo(3);
            assertThat(listener.batches).allSatisfy(b -> assertThat(b.size()).isLessThan(Rib.FLUSH_AT_CHANGES + perUpdate));
        }
    }
}

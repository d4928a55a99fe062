package io.muslin.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocRibTest {
    /**
     * Random routes from three peers in and out, against a model of which path each peer has for
     * each prefix: the entry is the one path, or a destination of exactly the peers' paths; the
     * entries' ids are freed when nothing uses them and made again only when none is free.
     */
    @Test
    void entriesFollowTheRoutesAndTheirIdsAreReused() {
        LocRib loc = new LocRib(new BestPath(false, 1), () -> true);
        List<RibPeer> peers = List.of(peer(1), peer(2), peer(3));
        Map<IpPrefix, Map<RibPeer, Path>> model = new HashMap<>();
        Random random = new Random(5);
        int madeBeforeFewer = 0;
        for (int round = 0; round < 60_000; round++) {
            if (round == 40_000) {
                // Down to the first 200 addresses: at most 90 paths and 200 destinations from here on.
                for (IpPrefix gone : Set.copyOf(model.keySet())) {
                    if ((gone.v6() ? gone.address().lo() : gone.address().lo() - 0x0A000000) >= 200) {
                        peers.forEach(q -> loc.removePath(q, gone));
                        model.remove(gone);
                    }
                }
                loc.forgetChanges();
                madeBeforeFewer = loc.idsMade();
                assertThat(madeBeforeFewer).isGreaterThan(90 + 200);
            }
            int range = round < 40_000 ? 2_000 : 200; // many prefixes, then few: ids must come free again
            IpPrefix x = random.nextInt(4) == 0 ? IpPrefix.v6(0xfd00L << 48, random.nextInt(range), 128)
                    : IpPrefix.v4(0x0A000000 + random.nextInt(range), 32);
            RibPeer p = peers.get(random.nextInt(peers.size()));
            if (random.nextInt(3) > 0 && round < 50_000) {
                Path path = p.path(PeerPathsTest.set(random.nextInt(30)));
                loc.setPath(x, path);
                model.computeIfAbsent(x, k -> new HashMap<>()).put(p, path);
            } else {
                loc.removePath(p, x);
                Map<RibPeer, Path> m = model.get(x);
                if (m != null) {
                    m.remove(p);
                    if (m.isEmpty()) {
                        model.remove(x);
                    }
                }
            }
            loc.forgetChanges();
            Map<RibPeer, Path> expected = model.get(x);
            Object entry = loc.get(x);
            if (expected == null) {
                assertThat(entry).isNull();
            } else if (expected.size() == 1) {
                assertThat(entry).isSameAs(expected.values().iterator().next());
            } else {
                assertThat(entry).isInstanceOf(Destination.class);
                assertThat(Set.copyOf(((Destination) entry).paths)).isEqualTo(Set.copyOf(expected.values()));
            }
            assertThat(loc.size()).isEqualTo(model.size());
            if (round % 500 == 0) {
                assertThat(loc.entriesInUse()).isLessThanOrEqualTo(live(model));
            }
        }
        assertThat(loc.idsMade()).as("with fewer prefixes, freed ids are used again and no new ones made")
                .isEqualTo(madeBeforeFewer);
        for (IpPrefix x : Set.copyOf(model.keySet())) {
            for (RibPeer p : peers) {
                loc.removePath(p, x);
            }
        }
        assertThat(loc.size()).isZero();
        assertThat(loc.entriesInUse()).isZero();
    }

    /** Distinct paths in use plus destinations (prefixes with more than one path): what may hold an id. */
    private static int live(Map<IpPrefix, Map<RibPeer, Path>> model) {
        Set<Path> paths = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        int destinations = 0;
        for (Map<RibPeer, Path> m : model.values()) {
            paths.addAll(m.values());
            destinations += m.size() > 1 ? 1 : 0;
        }
        return paths.size() + destinations;
    }

    private static RibPeer peer(int n) {
        return new RibPeer(n, "p" + n, IpAddress.parse("10.0.0." + n), RibPeer.Kind.EXTERNAL, 65000 + n, PeerPolicy.DEFAULT);
    }
}

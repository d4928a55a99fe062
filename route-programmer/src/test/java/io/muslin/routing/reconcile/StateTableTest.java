package io.muslin.routing.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateTableTest {

    /** Prefixes drawn from a small space, so adds, finds and removes of the same keys collide often. */
    private static IpPrefix randomPrefix(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            // IPv6 with the same low bits as some IPv4 keys: the family must tell them apart.
            return IpPrefix.of(IpAddress.v6(rnd.nextInt(3), rnd.nextInt(2000)), 128 - rnd.nextInt(2));
        }
        int len = 30 + rnd.nextInt(3);
        return IpPrefix.of(IpAddress.v4(rnd.nextInt(2000) << 2), len);
    }

    @Test
    void behavesLikeAHashMapUnderRandomAddsFindsAndRemoves() {
        Random rnd = new Random(12);
        StateTable table = new StateTable();
        Map<IpPrefix, RouteState> oracle = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            IpPrefix p = randomPrefix(rnd);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    RouteState got = table.computeIfAbsent(p, RouteState::new);
                    RouteState want = oracle.computeIfAbsent(p, k -> got);
                    assertThat(got).isSameAs(want);
                    assertThat(got.prefix).isEqualTo(p);
                }
                case 1 -> assertThat(table.get(p)).isSameAs(oracle.get(p));
                default -> assertThat(table.remove(p)).isEqualTo(oracle.remove(p) != null);
            }
            assertThat(table.size()).isEqualTo(oracle.size());
        }
        // Every state once, none other.
        Map<RouteState, Boolean> seen = new IdentityHashMap<>();
        for (RouteState st : table.values()) {
            assertThat(seen.put(st, true)).isNull();
            assertThat(oracle.get(st.prefix)).isSameAs(st);
        }
        assertThat(seen).hasSize(oracle.size());
        assertThat(new ArrayList<>(table.values())).hasSize(oracle.size());
    }

    @Test
    void growsToAMillionAndEmptiesAgain() {
        StateTable table = new StateTable();
        List<IpPrefix> all = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            IpPrefix p = IpPrefix.of(IpAddress.v4(0x64400000 + i), 32);
            all.add(p);
            table.computeIfAbsent(p, RouteState::new);
        }
        assertThat(table.size()).isEqualTo(1_000_000);
        for (IpPrefix p : all) {
            assertThat(table.get(p).prefix).isEqualTo(p);
        }
        for (IpPrefix p : all) {
            assertThat(table.remove(p)).isTrue();
        }
        assertThat(table.size()).isZero();
        assertThat(table.values()).isEmpty();
        assertThat(table.get(all.getFirst())).isNull();
    }
    /**
     * Keys of every length of both families, in the shapes that place neighbours side by side
     * (consecutive /32s and /26 blocks, /64s, /128s) or could pile them onto one slot of each
     * group (every 16th address, every 256th /128): all found, all removed, a HashMap the oracle.
     */
    @Test
    void keepsEveryShapeOfKeyApart() {
        List<IpPrefix> keys = new ArrayList<>();
        for (int len = 0; len <= 32; len++) {
            keys.add(IpPrefix.of(IpAddress.v4(0x0A000000 + 0x12345), len));
        }
        for (int len = 0; len <= 128; len++) {
            keys.add(IpPrefix.of(IpAddress.v6(0xfd00_0000_0000_0001L, 0x1234_5678_9abc_def0L), len));
        }
        for (int i = 0; i < 5_000; i++) {
            keys.add(IpPrefix.of(IpAddress.v4(0x64400000 + i), 32)); // consecutive /32s
            keys.add(IpPrefix.of(IpAddress.v4(0x0A000000 + (i << 4)), 32)); // every 16th address
            keys.add(IpPrefix.of(IpAddress.v4(0x0AF40000 + (i << 6)), 26)); // consecutive /26 blocks
            keys.add(IpPrefix.of(IpAddress.v6(0xfd00_0000_0000_0000L + i, 0), 64));
            keys.add(IpPrefix.of(IpAddress.v6(0xfd00_0000_0000_0010L, (long) i << 8), 128));
            keys.add(IpPrefix.of(IpAddress.v6(0xfd00_0000_0000_0011L, i), 128)); // same low bits as some /32s
        }
        StateTable table = new StateTable();
        Map<IpPrefix, RouteState> oracle = new HashMap<>();
        for (IpPrefix p : keys) {
            RouteState st = table.computeIfAbsent(p, RouteState::new);
            oracle.putIfAbsent(p, st);
            assertThat(st).isSameAs(oracle.get(p));
        }
        assertThat(table.size()).isEqualTo(oracle.size());
        for (IpPrefix p : keys) {
            assertThat(table.get(p).prefix).isEqualTo(p);
        }
        for (int i = 0; i < keys.size(); i += 2) {
            assertThat(table.remove(keys.get(i))).isEqualTo(oracle.remove(keys.get(i)) != null);
        }
        for (IpPrefix p : keys) {
            assertThat(table.get(p)).isSameAs(oracle.get(p));
        }
        assertThat(table.size()).isEqualTo(oracle.size());
    }
}

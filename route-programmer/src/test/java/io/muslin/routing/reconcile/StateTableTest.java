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
}

package io.muslin.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpPrefix;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixIdTableTest {
    /** Dense enough that probe runs collide and wrap, so removal's shifting back is exercised. */
    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        PrefixIdTable table = new PrefixIdTable();
        Map<IpPrefix, Integer> model = new HashMap<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            IpPrefix p = r.nextInt(3) == 0
                    ? IpPrefix.v6(0xfd00_0000_0000_0000L | r.nextInt(64), r.nextLong(64), 64 + r.nextInt(65))
                    : IpPrefix.v4(0x0A000000 | r.nextInt(8192), r.nextInt(33));
            int id = r.nextInt(PrefixIdTable.MAX_ID + 1);
            int op = r.nextInt(5);
            if (op < 3) {
                assertThat(table.put(p, id)).isEqualTo(model.getOrDefault(p, PrefixIdTable.NONE));
                model.put(p, id);
            } else {
                Integer gone = model.remove(p);
                assertThat(table.remove(p)).isEqualTo(gone == null ? PrefixIdTable.NONE : gone);
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        Map<IpPrefix, Integer> seen = new HashMap<>();
        table.forEach(seen::put);
        assertThat(seen).isEqualTo(model);
        model.forEach((p, v) -> assertThat(table.get(p)).isEqualTo(v));
        // Emptied again, it shrinks and still answers.
        model.keySet().forEach(table::remove);
        assertThat(table.size()).isZero();
        assertThat(table.get(IpPrefix.parse("10.0.0.0/8"))).isEqualTo(PrefixIdTable.NONE);
    }

    @Test
    void keepsLengthsFamiliesDefaultRoutesAndTheLargestIdApart() {
        PrefixIdTable t = new PrefixIdTable();
        t.put(IpPrefix.parse("0.0.0.0/0"), 1);
        t.put(IpPrefix.parse("::/0"), 2);
        t.put(IpPrefix.parse("255.255.255.255/32"), PrefixIdTable.MAX_ID);
        t.put(IpPrefix.parse("10.0.0.0/8"), 0);
        t.put(IpPrefix.parse("10.0.0.0/16"), 4);
        t.put(IpPrefix.parse("::a00:0/104"), 5);
        t.put(IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), 6);
        assertThat(t.get(IpPrefix.parse("0.0.0.0/0"))).isEqualTo(1);
        assertThat(t.get(IpPrefix.parse("::/0"))).isEqualTo(2);
        assertThat(t.get(IpPrefix.parse("255.255.255.255/32"))).isEqualTo(PrefixIdTable.MAX_ID);
        assertThat(t.get(IpPrefix.parse("10.0.0.0/8"))).isZero();
        assertThat(t.get(IpPrefix.parse("10.0.0.0/16"))).isEqualTo(4);
        assertThat(t.get(IpPrefix.parse("::a00:0/104"))).isEqualTo(5);
        assertThat(t.get(IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"))).isEqualTo(6);
        assertThat(t.get(IpPrefix.parse("10.0.0.0/24"))).isEqualTo(PrefixIdTable.NONE);
        assertThat(t.size()).isEqualTo(7);
        Map<IpPrefix, Integer> seen = new HashMap<>();
        t.forEach(seen::put);
        assertThat(seen).containsEntry(IpPrefix.parse("255.255.255.255/32"), PrefixIdTable.MAX_ID)
                .containsEntry(IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), 6).hasSize(7);
        assertThatThrownBy(() -> t.put(IpPrefix.parse("10.1.0.0/16"), PrefixIdTable.MAX_ID + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
}

package io.muslin.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpPrefix;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixTableTest {
    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        PrefixTable<Integer> table = new PrefixTable<>();
        Map<IpPrefix, Integer> model = new HashMap<>();
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            IpPrefix p = r.nextInt(4) == 0
                    ? IpPrefix.v6(0xfd00_0000_0000_0000L | r.nextInt(64), r.nextLong(64), 64 + r.nextInt(65))
                    : IpPrefix.v4(0x0A000000 | r.nextInt(4096), r.nextInt(33));
            switch (r.nextInt(3)) {
                case 0, 1 -> assertThat(table.put(p, i)).isEqualTo(model.put(p, i));
                default -> assertThat(table.remove(p)).isEqualTo(model.remove(p));
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        Map<IpPrefix, Integer> seen = new HashMap<>();
        table.forEach(seen::put);
        assertThat(seen).isEqualTo(model);
        model.forEach((p, v) -> assertThat(table.get(p)).isEqualTo(v));
    }

    @Test
    void distinguishesLengthsFamiliesAndTheDefaultRoutes() {
        PrefixTable<String> t = new PrefixTable<>();
        t.put(IpPrefix.parse("0.0.0.0/0"), "v4 default");
        t.put(IpPrefix.parse("::/0"), "v6 default");
        t.put(IpPrefix.parse("10.0.0.0/8"), "ten");
        t.put(IpPrefix.parse("10.0.0.0/16"), "ten-16");
        t.put(IpPrefix.parse("::a00:0/104"), "v6 lookalike");
        assertThat(t.get(IpPrefix.parse("0.0.0.0/0"))).isEqualTo("v4 default");
        assertThat(t.get(IpPrefix.parse("::/0"))).isEqualTo("v6 default");
        assertThat(t.get(IpPrefix.v4(0x0A000000, 8))).isEqualTo("ten");
        assertThat(t.get(IpPrefix.v4(0x0A000000, 16))).isEqualTo("ten-16");
        assertThat(t.get(IpPrefix.parse("::a00:0/104"))).isEqualTo("v6 lookalike");
        assertThat(t.size()).isEqualTo(5);
        t.clear();
        assertThat(t.get(IpPrefix.parse("10.0.0.0/8"))).isNull();
        assertThat(t.isEmpty()).isTrue();
    }
}

package io.muslin.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IpPrefixTest {

    @Test
    void parseRefusesHostBitsAndNamesTheNetwork() {
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.1/16"))
                .hasMessage("'10.0.0.1/16' has host bits set (the network is 10.0.0.0/16)");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0")).hasMessageContaining("expected address/length");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/33")).hasMessageContaining("outside 0..32");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0/8")).hasMessageContaining("is not a CIDR");
        assertThatThrownBy(() -> new IpPrefix(IpAddress.parse("10.0.0.1"), 8)).hasMessageContaining("host bits");
        assertThat(IpPrefix.parse("fd00:10::/48").toString()).isEqualTo("fd00:10::/48");
        assertThat(IpPrefix.parseOrHost("10.1.1.1")).isEqualTo(IpPrefix.parse("10.1.1.1/32"));
        assertThat(IpPrefix.of(IpAddress.parse("10.1.1.1"), 24)).isEqualTo(IpPrefix.parse("10.1.1.0/24"));
    }

    @Test
    void containment() {
        IpPrefix pool = IpPrefix.parse("192.168.0.0/16");
        assertThat(pool.contains(IpPrefix.parse("192.168.11.0/24"))).isTrue();
        assertThat(pool.contains(IpPrefix.parse("192.0.0.0/8"))).isFalse();
        assertThat(pool.overlaps(IpPrefix.parse("192.0.0.0/8"))).isTrue();
        assertThat(pool.contains(IpAddress.parse("192.168.255.255"))).isTrue();
        assertThat(pool.contains(IpAddress.parse("192.169.0.0"))).isFalse();
        assertThat(pool.contains(IpAddress.parse("::"))).isFalse();
        assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddress.parse("1.2.3.4"))).isTrue();
        assertThat(IpPrefix.parse("::/0").contains(IpPrefix.parse("fd00::/8"))).isTrue();
    }

    @Test
    void arithmetic() {
        IpPrefix block = IpPrefix.parse("10.244.1.64/26");
        assertThat(block.size()).isEqualTo(BigInteger.valueOf(64));
        assertThat(block.addressAt(5)).isEqualTo(IpAddress.parse("10.244.1.69"));
        assertThat(block.ordinalOf(IpAddress.parse("10.244.1.127"))).isEqualTo(63);
        assertThat(block.ordinalOf(IpAddress.parse("10.244.1.128"))).isEqualTo(-1);
        assertThat(block.lastAddress()).isEqualTo(IpAddress.parse("10.244.1.127"));
        assertThatThrownBy(() -> block.addressAt(64)).hasMessageContaining("outside");
        IpPrefix pool = IpPrefix.parse("192.168.0.0/16");
        assertThat(pool.subnetCount(26)).isEqualTo(BigInteger.valueOf(1024));
        assertThat(pool.subnet(26, BigInteger.valueOf(1023))).isEqualTo(IpPrefix.parse("192.168.255.192/26"));
        IpPrefix v6 = IpPrefix.parse("fd00:10::/48");
        assertThat(v6.subnet(122, BigInteger.ONE)).isEqualTo(IpPrefix.parse("fd00:10::40/122"));
        assertThat(v6.lastAddress()).isEqualTo(IpAddress.parse("fd00:10:0:ffff:ffff:ffff:ffff:ffff"));
        IpPrefix v6block = IpPrefix.parse("fd00:10::ffff:ffff:ffff:ffc0/122");
        assertThat(v6block.ordinalOf(IpAddress.parse("fd00:10::ffff:ffff:ffff:ffff"))).isEqualTo(63);
        IpPrefix straddle = IpPrefix.parse("fd00:10:0:2::/63");
        assertThat(straddle.ordinalOf(IpAddress.parse("fd00:10:0:2::5"))).isEqualTo(5);
        assertThat(straddle.ordinalOf(IpAddress.parse("fd00:10:0:3::5"))).as("beyond a long").isEqualTo(-1);
        assertThat(straddle.ordinalOf(IpAddress.parse("fd00:10:0:1::5"))).as("outside").isEqualTo(-1);
        assertThat(v6.keyForm()).isEqualTo("fd00-10---48");
    }

    @Test
    void interfaceAddressKeepsHostBits() {
        InterfaceAddress a = InterfaceAddress.parse("10.57.4.20/24");
        assertThat(a.subnet()).isEqualTo(IpPrefix.parse("10.57.4.0/24"));
        assertThat(a.sameSubnet(IpAddress.parse("10.57.4.21"))).isTrue();
        assertThat(a.sameSubnet(IpAddress.parse("10.57.5.21"))).isFalse();
        assertThat(InterfaceAddress.parse("10.0.0.5").length()).isEqualTo(32);
        assertThat(a.toString()).isEqualTo("10.57.4.20/24");
        assertThatThrownBy(() -> InterfaceAddress.parse("10.57.4.20/40")).hasMessageContaining("outside 0..32");
    }

    @Test
    void equalPrefixesHashAlikeAndTableShapesSpreadOverAHashMapsBins() {
        assertThat(IpPrefix.parse("10.1.2.0/24").hashCode()).isEqualTo(IpPrefix.parse("10.1.2.0/24").hashCode());
        assertThat(IpPrefix.parse("2001:db8::/64").hashCode()).isEqualTo(IpPrefix.parse("2001:db8::/64").hashCode());
        assertThat(IpPrefix.parse("10.0.0.0/24").hashCode()).isNotEqualTo(IpPrefix.parse("10.0.0.0/25").hashCode());
        // A million-route table's shapes (/24s, consecutive /32s, IPv6 /64s) in the 2^21 bins
        // java.util.HashMap gives a million entries, indexed as HashMap indexes them: bins of 8 or
        // more (where HashMap turns a bin into a tree) stay as rare as uniform hashing makes them
        // (about 0.1 expected). The record's default hash put 64,784 bins of /24s there.
        for (java.util.function.IntFunction<IpPrefix> shape : java.util.List.<java.util.function.IntFunction<IpPrefix>>of(
                i -> IpPrefix.v4(i << 8, 24),
                i -> IpPrefix.v4((10 << 24) | i, 32),
                i -> IpPrefix.v6(0x20010db800000000L | i, 0, 64))) {
            int[] bins = new int[1 << 21];
            int crowded = 0;
            for (int i = 0; i < 1 << 20; i++) {
                int h = shape.apply(i).hashCode();
                if (++bins[(h ^ (h >>> 16)) & (bins.length - 1)] == 8) {
                    crowded++;
                }
            }
            assertThat(crowded).as("bins of 8 or more for " + shape.apply(1)).isLessThan(4);
        }
    }
}

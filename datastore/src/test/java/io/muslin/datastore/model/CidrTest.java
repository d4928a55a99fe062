package io.muslin.datastore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void ipv4Arithmetic() {
        Cidr c = Cidr.parse("10.1.0.0/16");
        assertThat(c.size()).isEqualTo(BigInteger.valueOf(65536));
        assertThat(Cidr.format(c.addressAt(257))).isEqualTo("10.1.1.1");
        assertThat(c.ordinalOf(Cidr.parseIp("10.1.1.1"))).isEqualTo(257);
        assertThat(c.ordinalOf(Cidr.parseIp("10.2.0.0"))).isEqualTo(-1);
        assertThat(c.subnet(26, BigInteger.valueOf(3))).hasToString("10.1.0.192/26");
        assertThat(Cidr.enclosing(Cidr.parseIp("10.1.0.200"), 26)).hasToString("10.1.0.192/26");
        assertThat(c.contains(Cidr.parse("10.1.5.0/24"))).isTrue();
        assertThat(c.overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(c.overlaps(Cidr.parse("10.2.0.0/16"))).isFalse();
        assertThat(c.keyForm()).isEqualTo("10.1.0.0-16");
    }

    @Test
    void ipv6Arithmetic() {
        Cidr c = Cidr.parse("fd00:10::/120");
        assertThat(c.isIpv6()).isTrue();
        assertThat(Cidr.format(c.addressAt(255))).isEqualTo("fd00:10::ff");
        assertThat(Cidr.parse("fd00::/48").subnet(122, BigInteger.valueOf(2))).hasToString("fd00::80/122");
        assertThat(c.ordinalOf(Cidr.parseIp("fd00:10::10"))).isEqualTo(16);
        assertThat(c.contains(Cidr.parseIp("10.0.0.1"))).isFalse();
        assertThat(Cidr.parse("::/0")).hasToString("::/0");
        assertThat(c.keyForm()).isEqualTo("fd00-10---120");
    }

    @Test
    void badInputSaysWhy() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("missing /prefix-length");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.300/24")).hasMessageContaining("octet above 255");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/24")).hasMessageContaining("host bits set (network address is 10.0.0.0/24)");
        assertThatThrownBy(() -> Cidr.parse("example.com/24")).hasMessageContaining("not an IPv4 or IPv6 address");
    }

    @Test
    void selectors() {
        var labels = java.util.Map.of("rack", "r1", "zone", "a");
        assertThat(Selector.parse("all()").matches(labels)).isTrue();
        assertThat(Selector.parse("").matches(labels)).isTrue();
        assertThat(Selector.parse("rack == 'r1' && has(zone)").matches(labels)).isTrue();
        assertThat(Selector.parse("rack in {'r2', 'r3'} || !(zone != 'a')").matches(labels)).isTrue();
        assertThat(Selector.parse("rack not in {'r1'}").matches(labels)).isFalse();
        assertThatThrownBy(() -> Selector.parse("rack = 'r1'")).hasMessageContaining("bad selector");
    }
}

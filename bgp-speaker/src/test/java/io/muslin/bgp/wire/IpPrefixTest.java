package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesAndPrintsBothFamilies() {
        assertThat(IpPrefix.parse("10.244.1.0/26")).hasToString("10.244.1.0/26");
        assertThat(IpPrefix.parse("fd00:10:244:1::/64")).hasToString("fd00:10:244:1::/64");
        assertThat(IpPrefix.parse("fd00:0:0:1::/64")).hasToString("fd00:0:0:1::/64");
        assertThat(IpPrefix.parse("::/0")).hasToString("::/0");
        assertThat(IpPrefix.parse("2001:db8::1/128").length()).isEqualTo(128);
        assertThat(IpPrefix.parse("2001:db8::1/128").significantBytes()).isEqualTo(16);
        assertThat(IpPrefix.parse("2001:db8::1/128")).hasToString("2001:db8::1/128");
    }

    @Test
    void rejectsHostBitsAndBadText() {
        assertThatThrownBy(() -> IpPrefix.parse("10.244.1.1/24")).hasMessageContaining("host bits set")
                .hasMessageContaining("10.244.1.0/24");
        assertThatThrownBy(() -> IpPrefix.parse("10.244.1.0")).hasMessageContaining("expected address/length");
        assertThatThrownBy(() -> IpPrefix.parse("10.244.1.0/33")).hasMessageContaining("outside 0..32");
        assertThatThrownBy(() -> IpPrefix.parse("example.com/24")).hasMessageContaining("not an IP address");
    }

    @Test
    void containment() {
        IpPrefix pool = IpPrefix.parse("10.244.0.0/16");
        assertThat(pool.contains(IpPrefix.parse("10.244.3.0/26"))).isTrue();
        assertThat(pool.contains(IpPrefix.parse("10.245.0.0/26"))).isFalse();
        assertThat(pool.contains(IpPrefix.parse("10.0.0.0/8"))).isFalse();
        assertThat(IpPrefix.parse("fd00::/8").contains(IpPrefix.parse("fd00:1::/64"))).isTrue();
        assertThat(IpPrefix.parse("fd00::/8").contains(IpPrefix.parse("10.0.0.0/8"))).isFalse();
    }
}

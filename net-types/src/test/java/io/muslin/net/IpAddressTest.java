package io.muslin.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    /** RFC 5952 §4 text, written by hand from the RFC: input on the left, canonical on the right. */
    @ParameterizedTest
    @CsvSource({
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",           // §4.2.1 longest run
            "2001:0db8::0001, 2001:db8::1",                    // §4.1 leading zeros
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",     // §4.2.2 one group is not compressed
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",               // §4.2.3 the longest run wins
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",         // §4.2.3 first of equal runs
            "2001:DB8::AB, 2001:db8::ab",                      // §4.3 lower case
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "::ffff:10.1.2.3, ::ffff:a01:203",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "10.0.0.1, 10.0.0.1",
            "255.255.255.255, 255.255.255.255",
            "0.0.0.0, 0.0.0.0"})
    void canonicalText(String in, String out) {
        assertThat(IpAddress.parse(in).toString()).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/24", "a.b.c.d", "1..2.3",
            "::1::", "1:2:3:4:5:6:7:8:9", "12345::", ":1:2", "1:2:", "fe80::1%eth0", "1:2:3:4:5:6:7:1.2.3.4",
            "::g", "localhost", "1:2:3:4:5:6:7:8::"})
    void refusesWhatIsNotALiteral(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an IP address");
    }

    @Test
    void parsesAsTheJdkDoesOnRandomAddresses() throws Exception {
        Random r = new Random(5952);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextBoolean() ? 4 : 16];
            r.nextBytes(b);
            if (b.length == 16 && r.nextInt(3) == 0) {
                int from = r.nextInt(16);
                int to = from + r.nextInt(16 - from + 1);
                for (int k = from; k < to; k++) {
                    b[k] = 0;
                }
            }
            InetAddress jdk = InetAddress.getByAddress(b);
            IpAddress ours = IpAddress.parse(jdk.getHostAddress());
            assertThat(ours.toBytes()).isEqualTo(b);
            assertThat(ours).isEqualTo(IpAddress.of(jdk)).isEqualTo(IpAddress.fromBytes(b));
            String text = ours.toString();
            assertThat(InetAddress.ofLiteral(text).getAddress()).as(text).isEqualTo(b);
            assertThat(IpAddress.parse(text)).isEqualTo(ours);
            assertThat(ours.toInetAddress()).isEqualTo(jdk);
        }
    }

    @Test
    void ordersIpv4BeforeIpv6ThenNumerically() {
        assertThat(IpAddress.parse("10.0.0.2")).isGreaterThan(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("200.0.0.1")).isGreaterThan(IpAddress.parse("100.0.0.1"));
        assertThat(IpAddress.parse("::1")).isGreaterThan(IpAddress.parse("255.255.255.255"));
        assertThat(IpAddress.parse("8000::")).isGreaterThan(IpAddress.parse("7fff::"));
    }

    @Test
    void arithmeticAndClasses() {
        assertThat(IpAddress.parse("10.0.0.255").plus(1)).isEqualTo(IpAddress.parse("10.0.1.0"));
        assertThat(IpAddress.parse("::ffff:ffff:ffff:ffff").plus(1)).isEqualTo(IpAddress.parse("0:0:0:1::"));
        assertThat(IpAddress.parse("0:0:0:1::").plus(-1)).isEqualTo(IpAddress.parse("::ffff:ffff:ffff:ffff"));
        assertThatThrownBy(() -> IpAddress.parse("255.255.255.255").plus(1)).hasMessageContaining("outside IPv4");
        assertThat(IpAddress.parse("10.1.2.3").masked(8)).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(IpAddress.parse("fd00:1:2:3:4455:5:6:7").masked(72)).isEqualTo(IpAddress.parse("fd00:1:2:3:4400::"));
        assertThat(IpAddress.parse("169.254.1.1").isLinkLocal()).isTrue();
        assertThat(IpAddress.parse("fe80::1").isLinkLocal()).isTrue();
        assertThat(IpAddress.parse("fec0::1").isLinkLocal()).isFalse();
        assertThat(IpAddress.parse("127.0.0.53").isLoopback()).isTrue();
        assertThat(IpAddress.parse("224.0.0.5").isMulticast()).isTrue();
        assertThat(IpAddress.parse("10.0.0.1").family()).isEqualTo(2);
        assertThat(IpAddress.parse("::").family()).isEqualTo(10);
    }
}

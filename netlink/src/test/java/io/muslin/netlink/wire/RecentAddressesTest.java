package io.muslin.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentAddressesTest {

    @Test
    void theSameBytesGiveTheSameObjectAndEveryAddressIsRightAgainstTheJdk() throws Exception {
        RecentAddresses recent = new RecentAddresses();
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextBoolean() ? 4 : 16];
            rnd.nextBytes(b);
            byte[] framed = new byte[b.length + 3];
            System.arraycopy(b, 0, framed, 3, b.length);
            IpAddress a = recent.get(framed, 3, b.length);
            // Oracle: the JDK's own reading of the bytes.
            assertThat(a).isEqualTo(IpAddress.of(InetAddress.getByAddress(b)));
            assertThat(recent.get(framed, 3, b.length)).isSameAs(a);
        }
    }

    @Test
    void aLengthThatIsNoAddressIsRefusedWithTheLength() {
        assertThatThrownBy(() -> new RecentAddresses().get(new byte[8], 0, 6)).hasMessageContaining("6");
    }
}

package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs that once made the codec throw something other than a NOTIFICATION; kept forever. */
class FuzzRegressionTest {
    @ParameterizedTest
    @ValueSource(strings = {
        // ROUTE-REFRESH subtype check ran before the header length check (NegativeArraySizeException).
        "ffffffffffffffffffffffffffffffff00060500010101",
        // An IPv6 /128 prefix stored its length in a signed byte: re-encoding wrote 536 MB.
        "ffffffffffffffffffffffffffffffff00500200000039800f2f00020120fd000000000000000000800000000001fe80800000"
                + "04000000000000000000010040fd000010024400010040010102400200",
    })
    void decodesOrRejectsWithANotification(String hex) {
        byte[] input = Wire.hex(hex);
        try {
            DecodedMessage d = Wire.decode(input, CodecContext.IBGP_4OCTET);
            byte[] again = MessageEncoder.toBytes(d.message(), CodecContext.IBGP_4OCTET);
            assertThat(again.length).isLessThanOrEqualTo(4096);
        } catch (BgpProtocolException e) {
            assertThat(e.notification().code()).isBetween(1, 7);
        }
    }
}

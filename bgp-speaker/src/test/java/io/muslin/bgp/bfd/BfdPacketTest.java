package io.muslin.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The Control packet layout of RFC 5880 §4.1 and the discards of §6.8.6. */
class BfdPacketTest {
    private static final BfdPacket UP = new BfdPacket(Diagnostic.NONE, BfdState.UP, true, false, true, false, false, 3,
            0x01020304, 0x0A0B0C0D, 300_000, 250_000, 0);

    @Test
    void encodesTheRfcLayout() {
        // 001 00000 | 11 1 0 1 0 0 0 | 3 | 24 | my | your | 300000 | 250000 | 0
        assertThat(HexFormat.of().formatHex(UP.toBytes()))
                .isEqualTo("20e80318" + "01020304" + "0a0b0c0d" + "000493e0" + "0003d090" + "00000000");
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        assertThat(BfdPacket.decode(ByteBuffer.wrap(UP.toBytes()))).isEqualTo(UP);
        BfdPacket diag = new BfdPacket(Diagnostic.ADMINISTRATIVELY_DOWN, BfdState.ADMIN_DOWN, false, true, false, false,
                true, 255, -1, 0, 0xFFFFFFFFL, 1, 2);
        assertThat(BfdPacket.decode(ByteBuffer.wrap(diag.toBytes()))).isEqualTo(diag);
    }

    @Test
    void dropsWhatRfc5880Section686SaysToDiscard() {
        assertDropped(b -> b[0] = (byte) (2 << 5), "version 2");
        assertDropped(b -> b[3] = 23, "length field 23 is too small");
        assertDropped(b -> b[3] = 25, "length field 25 exceeds the 24 bytes received");
        assertDropped(b -> {
            b[1] |= 0x04;
            b[3] = 24;
        }, "length field 24 is too small");
        assertDropped(b -> b[2] = 0, "detect multiplier 0");
        assertDropped(b -> b[1] |= 0x01, "multipoint bit set");
        assertDropped(b -> java.util.Arrays.fill(b, 4, 8, (byte) 0), "my discriminator 0");
        assertDropped(b -> java.util.Arrays.fill(b, 8, 12, (byte) 0), "your discriminator 0 in state up");
        assertThatThrownBy(() -> BfdPacket.decode(ByteBuffer.wrap(new byte[20]))).hasMessage("short packet: 20 bytes");
    }

    @Test
    void yourDiscriminatorZeroIsFineInDown() throws Exception {
        byte[] b = UP.toBytes();
        java.util.Arrays.fill(b, 8, 12, (byte) 0);
        b[1] = (byte) (BfdState.DOWN.code() << 6);
        assertThat(BfdPacket.decode(ByteBuffer.wrap(b)).state()).isEqualTo(BfdState.DOWN);
    }

    @Test
    void readsTrailingBytesBeyondTheLengthFieldAsPadding() throws Exception {
        byte[] b = java.util.Arrays.copyOf(UP.toBytes(), 30);
        assertThat(BfdPacket.decode(ByteBuffer.wrap(b))).isEqualTo(UP);
    }

    private static void assertDropped(Consumer<byte[]> corrupt, String reason) {
        byte[] b = UP.toBytes();
        corrupt.accept(b);
        assertThatThrownBy(() -> BfdPacket.decode(ByteBuffer.wrap(b))).isInstanceOf(BfdPacket.Malformed.class)
                .hasMessage(reason);
    }
}

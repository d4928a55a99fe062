package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.Wire.bytes;
import static io.muslin.bgp.wire.Wire.concat;
import static io.muslin.bgp.wire.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §6.1 (header) and §6.2 (OPEN) errors: each case names the NOTIFICATION it must produce. */
class HeaderAndOpenErrorTest {
    static byte[] open(int version, byte[] params) {
        return message(1, concat(bytes(version, 0xFD, 0xE8, 0, 90, 10, 0, 0, 1, params.length), params));
    }

    static Stream<Arguments> cases() {
        byte[] keepalive = message(4, new byte[0]);
        byte[] badMarker = keepalive.clone();
        badMarker[3] = 0;
        byte[] short18 = keepalive.clone();
        short18[17] = 18;
        byte[] long4097 = message(2, new byte[4097 - 19]);
        return Stream.of(
                Arguments.of("marker not all ones", badMarker, 1, 1, ""),
                Arguments.of("length below 19", short18, 1, 2, "0012"),
                Arguments.of("length above 4096 without extended messages", long4097, 1, 2, "1001"),
                Arguments.of("unknown message type", message(7, new byte[0]), 1, 3, "07"),
                Arguments.of("KEEPALIVE with a body", message(4, bytes(0)), 1, 2, "0014"),
                Arguments.of("OPEN shorter than 29", message(1, new byte[9]), 1, 2, "001c"),
                Arguments.of("UPDATE shorter than 23", message(2, new byte[3]), 1, 2, "0016"),
                Arguments.of("NOTIFICATION shorter than 21", message(3, bytes(6)), 1, 2, "0014"),
                Arguments.of("ROUTE-REFRESH of the wrong length", message(5, bytes(0, 1, 0, 1, 0)), 1, 2, "0018"),
                Arguments.of("enhanced route refresh BoRR of the wrong length", message(5, bytes(0, 1, 1, 1, 0)), 7, 1, "0001010100"),
                Arguments.of("OPEN version 3", open(3, new byte[0]), 2, 1, "0004"),
                Arguments.of("OPEN optional parameter that is not capabilities", open(4, bytes(1, 2, 0, 0)), 2, 4, ""),
                Arguments.of("OPEN capability running past its parameter", open(4, bytes(2, 4, 65, 4, 0, 0)), 2, 0, ""),
                Arguments.of("OPEN multiprotocol capability of length 3", open(4, bytes(2, 5, 1, 3, 0, 1, 0)), 2, 0, ""),
                Arguments.of("OPEN parameters length not matching the message",
                        message(1, concat(bytes(4, 0xFD, 0xE8, 0, 90, 10, 0, 0, 1, 9), bytes(2, 2, 2, 0))), 2, 0, ""));
    }

    @ParameterizedTest(name = "{0} -> {2}/{3}")
    @MethodSource("cases")
    void sendsTheNotificationRfc4271Prescribes(String name, byte[] msg, int code, int subcode, String data) {
        BgpProtocolException e = catchThrowableOfType(BgpProtocolException.class,
                () -> Wire.decode(msg, CodecContext.INITIAL));
        assertThat(e).as(name).isNotNull();
        assertThat(e.notification().code()).isEqualTo(code);
        assertThat(e.notification().subcode()).isEqualTo(subcode);
        assertThat(Wire.hex(e.notification().data())).isEqualTo(data);
    }

    @org.junit.jupiter.api.Test
    void extendedMessagesRaiseTheLimitTo65535() throws Exception {
        byte[] big = Wire.update(new byte[0], Wire.validAttributes(), new byte[5000 - 19 - 4 - Wire.validAttributes().length]);
        // 5000-octet UPDATE whose NLRI is many /0 prefixes (length byte 0).
        CodecContext ext = new CodecContext(true, true, false, 0);
        assertThat(Wire.decode(big, ext).message()).isInstanceOf(Update.class);
    }

    @org.junit.jupiter.api.Test
    void openWithRfc9072ExtendedParametersIsRead() throws Exception {
        byte[] caps = bytes(2, 0, 6, 65, 4, 0, 0, 0xFD, 0xE8);
        byte[] params = concat(bytes(255, 0, caps.length), caps);
        byte[] msg = message(1, concat(bytes(4, 0xFD, 0xE8, 0, 90, 10, 0, 0, 1, 255), params));
        Open o = (Open) Wire.decode(msg, CodecContext.INITIAL).message();
        assertThat(o.asNumber()).isEqualTo(65000);
    }
}

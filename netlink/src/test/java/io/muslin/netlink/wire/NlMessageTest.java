package io.muslin.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NlMessageTest {

    @Test
    void errorWithExtendedAckNamesTheRequestAndTheReason() {
        // NLMSG_ERROR, flags CAPPED|ACK_TLVS, seq 7: error -101, original header, NLMSGERR_ATTR_MSG.
        NlWriter w = new NlWriter();
        int m = w.beginMessage(Nl.NLMSG_ERROR, Nl.F_CAPPED | Nl.F_ACK_TLVS, 7, 0);
        w.u32(-101);
        w.u32(52).u16(Nl.RTM_NEWROUTE).u16(0x605).u32(7).u32(0);
        w.attrString(Nl.NLMSGERR_ATTR_MSG, "Nexthop has invalid gateway");
        w.endMessage(m);
        List<NlMessage> got = new ArrayList<>();
        NlMessage.parseAll(w.array(), w.position(), got::add);
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().errno()).isEqualTo(101);
        assertThat(got.getFirst().errorSeq()).isEqualTo(7);
        assertThat(got.getFirst().extAckMessage()).isEqualTo("Nexthop has invalid gateway");
        assertThat(Errno.name(101)).isEqualTo("ENETUNREACH");
    }

    @Test
    void truncatedOrGarbageInputNeverThrows() {
        byte[] golden = Golden.load("route_multipath");
        Random rnd = new Random(42);
        for (int cut = 0; cut <= golden.length; cut++) {
            byte[] b = java.util.Arrays.copyOf(golden, cut);
            NlMessage.parseAll(b, b.length, RouteCodec::decode);
        }
        for (int i = 0; i < 2000; i++) {
            byte[] b = golden.clone();
            b[16 + rnd.nextInt(b.length - 16)] = (byte) rnd.nextInt();
            NlMessage.parseAll(b, b.length, msg -> {
                try {
                    RouteCodec.decode(msg);
                } catch (IllegalArgumentException expected) {
                    // a bad address length or prefix length is rejected, not crashed on
                }
            });
        }
        assertThat(HexFormat.of().formatHex(golden)).startsWith("48000000");
    }
}

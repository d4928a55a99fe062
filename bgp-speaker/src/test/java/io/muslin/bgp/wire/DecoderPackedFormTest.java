package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed form the decoder copies from the message is exactly what packing the decoded attributes gives. */
class DecoderPackedFormTest {
    static final List<IpPrefix> NLRI = List.of(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.2.3.4/32"));
    static final PathAttribute NEXT_HOP = new PathAttribute.NextHop(IpAddress.parse("192.0.2.1"));

    static DecodedMessage roundTrip(List<PathAttribute> attributes, CodecContext ctx) throws Exception {
        Update u = new Update(List.of(), attributes, NLRI);
        return MessageDecoder.decode(MessageEncoder.encode(u, ctx, UnpooledByteBufAllocator.DEFAULT), ctx);
    }

    /** The attributes a set keeps (no NEXT_HOP, no MP_(UN)REACH), packed by the encoder-side code. */
    static byte[] packedBySet(List<PathAttribute> attributes) {
        List<PathAttribute> kept = new ArrayList<>();
        for (PathAttribute a : attributes) {
            if (!(a instanceof PathAttribute.NextHop || a instanceof PathAttribute.MpReach || a instanceof PathAttribute.MpUnreach)) {
                kept.add(a);
            }
        }
        return PackedAttributes.pack(kept);
    }

    @Test
    void aCleanMessageInCodeOrderCarriesThePackedSet() throws Exception {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<PathAttribute> attrs = PackedAttributesTest.everyKind(r);
            attrs.add(2, NEXT_HOP); // code 3, between AS_PATH and MULTI_EXIT_DISC
            DecodedMessage d = roundTrip(attrs, CodecContext.IBGP_4OCTET);
            assertThat(d.errors()).isEmpty();
            assertThat(d.packedAttributes()).isEqualTo(packedBySet(((Update) d.message()).attributes()));
        }
    }

    @Test
    void otherwiseThereIsNone() throws Exception {
        Random r = new Random(4);
        List<PathAttribute> attrs = PackedAttributesTest.everyKind(r);
        attrs.add(2, NEXT_HOP);

        List<PathAttribute> reversed = new ArrayList<>(attrs);
        Collections.reverse(reversed);
        DecodedMessage outOfOrder = roundTrip(reversed, CodecContext.IBGP_4OCTET);
        assertThat(outOfOrder.errors()).isEmpty();
        assertThat(outOfOrder.packedAttributes()).as("codes not rising").isNull();

        List<PathAttribute> withUnknown = new ArrayList<>(attrs);
        withUnknown.add(new PathAttribute.Unknown(0xC0, 99, new byte[] {1, 2}));
        assertThat(roundTrip(withUnknown, CodecContext.IBGP_4OCTET).packedAttributes()).as("an attribute that does not pack").isNull();

        List<PathAttribute> twoOctet = List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65001), NEXT_HOP);
        assertThat(roundTrip(twoOctet, CodecContext.INITIAL).packedAttributes()).as("a 2-octet-AS session").isNull();

        CodecContext external = new CodecContext(true, false, true, 65001);
        List<PathAttribute> fromExternal = List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65001), NEXT_HOP,
                new PathAttribute.LocalPref(200));
        DecodedMessage discarded = roundTrip(fromExternal, external);
        assertThat(discarded.errors()).as("LOCAL_PREF from an external peer is discarded").isNotEmpty();
        assertThat(discarded.packedAttributes()).isNull();
    }
}

package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedAttributesTest {
    /** Every kind that packs, with values at the edges of their ranges. */
    static List<PathAttribute> everyKind(Random r) {
        List<PathAttribute> out = new ArrayList<>();
        out.add(new PathAttribute.Origin(r.nextInt(3)));
        long[] seq = new long[1 + r.nextInt(255)];
        for (int i = 0; i < seq.length; i++) {
            seq[i] = r.nextBoolean() ? r.nextInt(65536) : 0xFFFFFFFFL - r.nextInt(1000);
        }
        out.add(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(seq), AsPathSegment.set(65001, 4_200_000_000L),
                new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, new long[] {64512}))));
        out.add(new PathAttribute.MultiExitDisc(r.nextBoolean() ? 0 : 0xFFFFFFFFL));
        out.add(new PathAttribute.LocalPref(r.nextInt(Integer.MAX_VALUE)));
        out.add(new PathAttribute.AtomicAggregate());
        out.add(new PathAttribute.Aggregator(4_200_000_001L, IpAddress.parse("192.0.2.7")));
        out.add(new PathAttribute.Communities(List.of(r.nextInt(), PathAttribute.Communities.NO_EXPORT, 0)));
        out.add(new PathAttribute.OriginatorId(r.nextInt()));
        out.add(new PathAttribute.ClusterList(List.of(r.nextInt(), -1)));
        out.add(new PathAttribute.ExtendedCommunities(List.of(r.nextLong(), -1L)));
        out.add(new PathAttribute.LargeCommunities(List.of(new PathAttribute.LargeCommunity(0xFFFFFFFFL, 0, r.nextInt(1 << 30)))));
        return out;
    }

    @Test
    void unpackingGivesBackEqualAttributes() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<PathAttribute> attrs = everyKind(r);
            assertThat(PackedAttributes.packable(attrs)).isTrue();
            byte[] packed = PackedAttributes.pack(attrs);
            assertThat(PackedAttributes.unpack(packed)).isEqualTo(attrs);
            for (PathAttribute a : attrs) {
                assertThat(PackedAttributes.find(packed, a.code())).isEqualTo(a);
            }
            assertThat(PackedAttributes.find(packed, PathAttribute.NEXT_HOP)).isNull();
        }
    }

    /** Byte for byte what the wire encoders write (4-octet AS numbers), each behind an extended-length header. */
    @Test
    void packsWhatTheWireEncodersWrite() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<PathAttribute> attrs = everyKind(r);
            io.netty.buffer.ByteBuf expected = io.netty.buffer.Unpooled.buffer();
            for (PathAttribute a : attrs) {
                AttributeTable.Row row = AttributeTable.row(a.code());
                io.netty.buffer.ByteBuf value = io.netty.buffer.Unpooled.buffer();
                row.encoder().encode(a, CodecContext.IBGP_4OCTET, value);
                expected.writeByte(row.category() | PathAttribute.FLAG_EXTENDED_LENGTH).writeByte(a.code())
                        .writeShort(value.readableBytes()).writeBytes(value);
            }
            assertThat(PackedAttributes.pack(attrs)).isEqualTo(io.netty.buffer.ByteBufUtil.getBytes(expected));
        }
    }

    @Test
    void whatWouldNotComeBackEqualDoesNotPack() {
        assertThat(PackedAttributes.packable(new PathAttribute.Unknown(0xC0, 99, new byte[] {1}))).isFalse();
        assertThat(PackedAttributes.packable(new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")))).isFalse();
        assertThat(PackedAttributes.packable(new PathAttribute.Communities(List.of()))).as("the decoder refuses it").isFalse();
        assertThat(PackedAttributes.packable(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(new long[256])))))
                .as("the encoder would split the segment").isFalse();
        assertThat(PackedAttributes.packable(new PathAttribute.MultiExitDisc(1L << 32))).isFalse();
        assertThatThrownBy(() -> PackedAttributes.pack(List.of(new PathAttribute.Unknown(0xC0, 99, new byte[] {1}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not pack");
    }
}

package io.muslin.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.Keepalive;
import io.muslin.bgp.wire.MessageEncoder;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.RouteRefresh;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpFrameDecoderTest {
    static byte[] stream() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(MessageEncoder.toBytes(Keepalive.INSTANCE, CodecContext.IBGP_4OCTET));
        s.writeBytes(MessageEncoder.toBytes(new Update(List.of(IpPrefix.parse("10.0.0.0/8")), List.of(), List.of()),
                CodecContext.IBGP_4OCTET));
        s.writeBytes(MessageEncoder.toBytes(new RouteRefresh(AfiSafi.IPV6_UNICAST), CodecContext.IBGP_4OCTET));
        return s.toByteArray();
    }

    static List<byte[]> frames(EmbeddedChannel ch) {
        List<byte[]> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof ByteBuf b) {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                b.release();
                out.add(bytes);
            } else {
                out.add(null);
            }
        }
        return out;
    }

    @Test
    void splitsTheSameWhereverTheStreamIsCut() {
        byte[] all = stream();
        List<byte[]> whole = frames(feed(all, all.length));
        assertThat(whole).hasSize(3);
        for (int cut = 1; cut < all.length; cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(all, 0, cut));
            ch.writeInbound(Unpooled.wrappedBuffer(all, cut, all.length - cut));
            assertThat(frames(ch)).as("cut at %d", cut).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole);
        }
        // And byte by byte.
        assertThat(frames(feed(all, 1))).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole);
    }

    static EmbeddedChannel feed(byte[] all, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
        for (int i = 0; i < all.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(all, i, Math.min(chunk, all.length - i)));
        }
        return ch;
    }

    @Test
    void badMarkerIsReportedOnceAndTheRestDiscarded() {
        byte[] all = stream();
        byte[] bad = all.clone();
        bad[19 + 5] = 0; // the second message's marker
        EmbeddedChannel ch = feed(bad, 7);
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(ByteBuf.class);
        ((ByteBuf) out.get(0)).release();
        assertThat(out.get(1)).isInstanceOfSatisfying(BgpFrameDecoder.FrameError.class,
                e -> assertThat(e.error().notification()).isEqualTo(new Notification(1, 1)));
    }

    @Test
    void lengthBelow19IsBadLengthWithTheLengthAsData() {
        byte[] k = MessageEncoder.toBytes(Keepalive.INSTANCE, CodecContext.IBGP_4OCTET);
        k[17] = 3;
        EmbeddedChannel ch = feed(k, k.length);
        BgpFrameDecoder.FrameError e = ch.readInbound();
        assertThat(e.error().notification()).isEqualTo(new Notification(1, 2, new byte[] {0, 3}));
    }
}

package io.muslin.bgp.speaker;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.rib.PeerControl;
import io.muslin.bgp.rib.RibConfig;
import io.muslin.bgp.rib.RibCore;
import io.muslin.bgp.rib.RibPeer;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.transport.BgpFrameDecoder;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.BgpProtocolException;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.MessageDecoder;
import io.muslin.bgp.wire.MessageEncoder;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.bgp.wire.UpdatePacker;
import io.muslin.bgp.wire.WireLayout;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the hot paths once on made-up routes before any peer connects — decode, Adj-RIB-In,
 * Loc-RIB, export, encode, withdrawal — in a scratch RIB that is thrown away, so the JIT compiles
 * them at start-up instead of during the first full-table ingest (a node's convergence after a
 * restart). Touches nothing outside itself; takes a fraction of a second of CPU.
 */
public final class JitWarmup {
    private JitWarmup() {
    }

    /** @return how long it took, in milliseconds */
    public static long run(int prefixes, int rounds) {
        long start = System.nanoTime();
        CodecContext ctx = new CodecContext(true, false, true, 65535);
        List<byte[]> announce = encode(prefixes, true, ctx);
        List<byte[]> withdraw = encode(prefixes, false, ctx);
        for (int r = 0; r < rounds; r++) {
            // Half the rounds with a second peer to export to, half without: both are real cases,
            // and code compiled for only one of them is thrown away when the other shows up.
            boolean export = r % 2 == 1;
            RibCore rib = new RibCore(RibConfig.of(65534, 0x7F000001));
            RibPeer from = rib.addPeer("warmup-in", IpAddress.parse("192.0.2.1"), 65535, PeerPolicy.DEFAULT);
            rib.peerUp(from, negotiated(65535), IpAddress.parse("192.0.2.254"), null, NO_CONTROL);
            RibPeer to = null;
            if (export) {
                to = rib.addPeer("warmup-out", IpAddress.parse("192.0.2.2"), 65533,
                        PeerPolicy.DEFAULT.withExportLearned(true));
                rib.peerUp(to, negotiated(65533), IpAddress.parse("192.0.2.254"), null, NO_CONTROL);
            }
            feed(rib, from, announce, ctx);
            if (to != null) {
                drain(rib, to, ctx);
            }
            feed(rib, from, withdraw, ctx);
            if (to != null) {
                drain(rib, to, ctx);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Negotiated negotiated(long as) {
        return new Negotiated(as, (int) as, 90, List.of(AfiSafi.IPV4_UNICAST), true, false, true, true, null, null);
    }

    private static List<byte[]> encode(int n, boolean announce, CodecContext ctx) {
        List<IpPrefix> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(IpPrefix.v4(0xC6120000 + i, 32)); // 198.18.0.0/15, the benchmarking block (RFC 2544)
        }
        List<PathAttribute> attrs = List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65535));
        List<Update> updates = announce
                ? UpdatePacker.announce(AfiSafi.IPV4_UNICAST, all, attrs, List.of(IpAddress.parse("192.0.2.1")), 4096)
                : UpdatePacker.withdraw(AfiSafi.IPV4_UNICAST, all, 4096);
        List<byte[]> out = new ArrayList<>(updates.size());
        for (Update u : updates) {
            out.add(MessageEncoder.toBytes(u, ctx));
        }
        return out;
    }

    /**
     * Through the real frame decoder, in pooled direct buffers of socket-read size, so the JIT sees
     * the same buffer classes as on a live connection.
     */
    private static void feed(RibCore rib, RibPeer from, List<byte[]> messages, CodecContext ctx) {
        EmbeddedChannel channel = new EmbeddedChannel(new BgpFrameDecoder());
        ByteBuf chunk = ByteBufAllocator.DEFAULT.directBuffer(65536);
        for (byte[] m : messages) {
            if (chunk.writableBytes() < m.length) {
                channel.writeInbound(chunk);
                chunk = ByteBufAllocator.DEFAULT.directBuffer(65536);
                consume(channel, rib, from, ctx);
            }
            chunk.writeBytes(m);
        }
        channel.writeInbound(chunk);
        consume(channel, rib, from, ctx);
        channel.finishAndReleaseAll();
    }

    private static void consume(EmbeddedChannel channel, RibCore rib, RibPeer from, CodecContext ctx) {
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            ByteBuf buf = (ByteBuf) frame;
            try {
                rib.receive(from, (Update) MessageDecoder.decode(buf, ctx).message());
            } catch (BgpProtocolException e) {
                throw new IllegalStateException("warm-up message did not decode", e);
            } finally {
                buf.release();
            }
        }
    }

    private static void drain(RibCore rib, RibPeer to, CodecContext ctx) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(8192);
        List<Update> batch;
        while (!(batch = rib.take(to, 64)).isEmpty()) {
            for (Update u : batch) {
                out.clear();
                MessageEncoder.encode(u, ctx, WireLayout.CANONICAL, out);
            }
        }
        out.release();
    }

    private static final PeerControl NO_CONTROL = new PeerControl() {
        @Override
        public void exportReady() {
        }

        @Override
        public void reset(Notification notification, Duration restartAfter) {
        }
    };
}

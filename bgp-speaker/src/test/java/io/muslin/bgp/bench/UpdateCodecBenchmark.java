package io.muslin.bgp.bench;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.BgpProtocolException;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.MessageDecoder;
import io.muslin.bgp.wire.MessageEncoder;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.bgp.wire.UpdatePacker;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * UPDATE decode and encode throughput. Each operation handles one full 4096-octet UPDATE packed
 * with /32 (IPv4) or /128 (IPv6, in MP_REACH_NLRI) prefixes sharing one attribute set, as a route
 * reflector or a node-to-node mesh sends them; prefixes per second = ops/s × {@link #prefixes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpdateCodecBenchmark {
    @Param({"ipv4", "ipv6"})
    public String family;

    Update update;
    byte[] bytes;
    ByteBuf wire;
    ByteBuf out;
    public int prefixes;
    final CodecContext ctx = CodecContext.IBGP_4OCTET;

    @Setup
    public void setup() throws Exception {
        boolean v6 = family.equals("ipv6");
        List<IpPrefix> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            all.add(v6 ? IpPrefix.v6(0xfd00_0010_0244_0000L, i, 128) : IpPrefix.v4(0x0AF40000 + i, 32));
        }
        List<PathAttribute> attrs = List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(64512, 64513),
                new PathAttribute.LocalPref(100), new PathAttribute.Communities(List.of(0xFC000001)));
        IpAddress nh = IpAddress.parse(v6 ? "fd77::2" : "10.77.0.2");
        update = UpdatePacker.announce(v6 ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST, all, attrs, List.of(nh), 4096).getFirst();
        prefixes = update.announced().size();
        bytes = MessageEncoder.toBytes(update, ctx);
        wire = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        out = Unpooled.directBuffer(8192);
        System.out.printf("%n[%s] %d prefixes per %d-octet UPDATE%n", family, prefixes, bytes.length);
    }

    @Benchmark
    public DecodedMessage decode() throws BgpProtocolException {
        wire.readerIndex(0);
        return MessageDecoder.decode(wire, ctx);
    }

    @Benchmark
    public int encode() {
        out.clear();
        MessageEncoder.encode(update, ctx, io.muslin.bgp.wire.WireLayout.CANONICAL, out);
        return out.writerIndex();
    }
}

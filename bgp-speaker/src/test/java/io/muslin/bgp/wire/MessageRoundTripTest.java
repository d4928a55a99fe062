package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.PathAttribute.*;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTest {
    static Stream<BgpMessage> messages() throws Exception {
        IpAddress nh4 = IpAddress.parse("10.0.0.1");
        IpAddress nh6 = IpAddress.parse("fd00::1");
        IpAddress ll6 = IpAddress.parse("fe80::1");
        return Stream.of(
                Keepalive.INSTANCE,
                new Notification(6, 2, new byte[] {3, 'b', 'y', 'e'}),
                new RouteRefresh(AfiSafi.IPV6_UNICAST),
                new RouteRefresh(AfiSafi.IPV4_UNICAST, RouteRefresh.BEGIN),
                Open.of(4200000001L, 90, 0x0A000001, List.of(
                        new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
                        new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
                        new Capability.RouteRefreshSupport(),
                        new Capability.ExtendedMessage(),
                        new Capability.FourOctetAs(4200000001L),
                        new Capability.GracefulRestart(true, true, 120, List.of(
                                new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, true))),
                        new Capability.AddPath(List.of(new Capability.AddPathFamily(AfiSafi.IPV4_UNICAST, 3))),
                        new Capability.Unknown(73, new byte[] {1, 'a'}))),
                Update.endOfRib(AfiSafi.IPV4_UNICAST),
                Update.endOfRib(AfiSafi.IPV6_UNICAST),
                new Update(List.of(IpPrefix.parse("10.9.0.0/16")), List.of(
                        Origin.IGP,
                        new AsPath(List.of(AsPathSegment.sequence(65001, 4200000001L), AsPathSegment.set(1, 2))),
                        new NextHop(nh4),
                        new MultiExitDisc(4_000_000_000L),
                        new LocalPref(200),
                        new AtomicAggregate(),
                        new Aggregator(4200000001L, nh4),
                        new Communities(List.of(0xFDE80064, Communities.NO_EXPORT)),
                        new OriginatorId(0x0A000002),
                        new ClusterList(List.of(0x01010101, 0x02020202)),
                        new ExtendedCommunities(List.of(0x0002FDE800000064L)),
                        new LargeCommunities(List.of(new LargeCommunity(4200000001L, 1, 4_000_000_000L))),
                        new Unknown(0xE0, 99, new byte[] {1, 2, 3})),
                        List.of(IpPrefix.parse("10.244.1.0/26"), IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("10.1.2.3/32"))),
                new Update(List.of(), List.of(
                        new MpReach(AfiSafi.IPV6_UNICAST, List.of(nh6, ll6),
                                List.of(IpPrefix.parse("fd00:10:244:1::/64"), IpPrefix.parse("::/0"))),
                        Origin.INCOMPLETE, AsPath.EMPTY), List.of()),
                new Update(List.of(), List.of(new MpUnreach(AfiSafi.IPV6_UNICAST,
                        List.of(IpPrefix.parse("fd00:10:244:1::/64")))), List.of()));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void decodeOfEncodeIsIdentity(BgpMessage message) throws Exception {
        CodecContext ctx = CodecContext.IBGP_4OCTET;
        byte[] bytes = MessageEncoder.toBytes(message, ctx);
        DecodedMessage decoded = Wire.decode(bytes, ctx);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.message()).isEqualTo(message);
        assertThat(MessageEncoder.toBytes(decoded.message(), ctx, decoded.layout())).isEqualTo(bytes);
    }
}

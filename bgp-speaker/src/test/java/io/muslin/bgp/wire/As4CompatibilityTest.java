package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.Wire.attr;
import static io.muslin.bgp.wire.Wire.bytes;
import static io.muslin.bgp.wire.Wire.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.PathAttribute.Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Path;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6793: talking to a speaker that only knows 2-octet AS numbers. */
class As4CompatibilityTest {
    static final CodecContext OLD_PEER = new CodecContext(false, false, false, 0);

    @Test
    void mergesAs4PathIntoAsPath() throws Exception {
        // AS_PATH 65001 23456 23456, AS4_PATH 4200000001 4200000002.
        byte[] asPath = attr(0x40, 2, bytes(2, 3, 0xFD, 0xE9, 0x5B, 0xA0, 0x5B, 0xA0));
        byte[] as4Path = attr(0xC0, 17, bytes(2, 2, 0xFA, 0x56, 0xEA, 0x01, 0xFA, 0x56, 0xEA, 0x02));
        byte[] msg = Wire.update(new byte[0], concat(Wire.ORIGIN_IGP, asPath, Wire.NEXT_HOP_10_0_0_1, as4Path),
                Wire.NLRI_10_1_0_0_16);
        Update u = (Update) Wire.decode(msg, OLD_PEER).message();
        assertThat(u.attribute(AsPath.class)).contains(AsPath.sequence(65001, 4200000001L, 4200000002L));
        assertThat(u.attribute(As4Path.class)).isEmpty();
    }

    @Test
    void ignoresAs4PathLongerThanAsPath() throws Exception {
        byte[] asPath = attr(0x40, 2, bytes(2, 1, 0xFD, 0xE9));
        byte[] as4Path = attr(0xC0, 17, bytes(2, 2, 0, 0, 0, 1, 0, 0, 0, 2));
        byte[] msg = Wire.update(new byte[0], concat(Wire.ORIGIN_IGP, asPath, Wire.NEXT_HOP_10_0_0_1, as4Path),
                Wire.NLRI_10_1_0_0_16);
        DecodedMessage d = Wire.decode(msg, OLD_PEER);
        assertThat(((Update) d.message()).attribute(AsPath.class)).contains(AsPath.sequence(65001));
        assertThat(d.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
    }

    @Test
    void aggregatorFromAs4AggregatorWhenAggregatorIsAsTrans() throws Exception {
        byte[] aggregator = attr(0xC0, 7, bytes(0x5B, 0xA0, 10, 0, 0, 9));
        byte[] as4Aggregator = attr(0xC0, 18, bytes(0xFA, 0x56, 0xEA, 0x01, 10, 0, 0, 9));
        byte[] asPath = attr(0x40, 2, bytes(2, 1, 0x5B, 0xA0));
        byte[] msg = Wire.update(new byte[0], concat(Wire.ORIGIN_IGP, asPath, Wire.NEXT_HOP_10_0_0_1, aggregator,
                as4Aggregator), Wire.NLRI_10_1_0_0_16);
        Update u = (Update) Wire.decode(msg, OLD_PEER).message();
        assertThat(u.attribute(Aggregator.class)).contains(new Aggregator(4200000001L, IpAddress.parse("10.0.0.9")));
    }

    @Test
    void encodingForAnOldPeerUsesAsTransAndAs4Path() throws Exception {
        Update original = new Update(List.of(), List.of(PathAttribute.Origin.IGP,
                new AsPath(List.of(AsPathSegment.sequence(4200000001L, 65001), AsPathSegment.set(4200000002L, 7))),
                new PathAttribute.NextHop(IpAddress.parse("10.0.0.1")),
                new Aggregator(4200000003L, IpAddress.parse("10.0.0.2"))), List.of(IpPrefix.parse("10.2.0.0/16")));
        byte[] bytes = MessageEncoder.toBytes(original, OLD_PEER);
        // The 2-octet AS_PATH carries AS_TRANS where the real AS needs four octets.
        assertThat(Wire.hex(bytes)).contains("4002" + "0c" + "0202" + "5ba0" + "fde9" + "0102" + "5ba0" + "0007");
        assertThat(Wire.decode(bytes, OLD_PEER).message()).isEqualTo(original);
    }
}

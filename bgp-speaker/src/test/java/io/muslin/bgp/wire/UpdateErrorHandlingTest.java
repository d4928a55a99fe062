package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.ErrorAction.AFI_SAFI_DISABLE;
import static io.muslin.bgp.wire.ErrorAction.ATTRIBUTE_DISCARD;
import static io.muslin.bgp.wire.ErrorAction.NONE;
import static io.muslin.bgp.wire.ErrorAction.SESSION_RESET;
import static io.muslin.bgp.wire.ErrorAction.TREAT_AS_WITHDRAW;
import static io.muslin.bgp.wire.Wire.AS_PATH_65001;
import static io.muslin.bgp.wire.Wire.NEXT_HOP_10_0_0_1;
import static io.muslin.bgp.wire.Wire.NLRI_10_1_0_0_16;
import static io.muslin.bgp.wire.Wire.ORIGIN_IGP;
import static io.muslin.bgp.wire.Wire.attr;
import static io.muslin.bgp.wire.Wire.bytes;
import static io.muslin.bgp.wire.Wire.concat;
import static io.muslin.bgp.wire.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per RFC 7606 / RFC 4271 §6.3 rule: the action taken and the subcode naming the error.
 * Every case carries the valid ORIGIN, AS_PATH, NEXT_HOP unless it is about them, and 10.1/16.
 */
class UpdateErrorHandlingTest {
    static final CodecContext IBGP = CodecContext.IBGP_4OCTET;
    static final CodecContext EBGP = new CodecContext(true, false, true, 65001);
    static final CodecContext OLD_PEER = new CodecContext(false, false, false, 0);

    static byte[] withAttrs(byte[]... extra) {
        return update(new byte[0], concat(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_10_0_0_1, concat(extra)), NLRI_10_1_0_0_16);
    }

    static byte[] mpReachV6(int nhLength, byte[] nlri) {
        byte[] v = concat(bytes(0, 2, 1, nhLength), new byte[nhLength], bytes(0), nlri);
        return attr(0x90, 14, v);
    }

    static Stream<Arguments> cases() {
        byte[] v6Nlri = bytes(64, 0xFD, 0, 0, 0x10, 2, 0x44, 0, 1);
        return Stream.of(
                // Whole-message structure: the NLRI cannot be found, so the session resets.
                Arguments.of("withdrawn length runs past the message",
                        Wire.message(2, bytes(0, 9, 0, 0)), IBGP, SESSION_RESET, 1),
                Arguments.of("total attribute length runs past the message",
                        Wire.message(2, bytes(0, 0, 0, 9, 0x40, 1, 1, 0)), IBGP, SESSION_RESET, 1),
                Arguments.of("withdrawn prefix longer than 32",
                        update(bytes(33, 10, 0, 0, 0, 0), new byte[0], new byte[0]), IBGP, SESSION_RESET, 1),
                Arguments.of("NLRI prefix longer than 32",
                        update(new byte[0], Wire.validAttributes(), bytes(33, 1, 2, 3, 4, 5)), IBGP, SESSION_RESET, 10),
                Arguments.of("NLRI prefix cut off",
                        update(new byte[0], Wire.validAttributes(), bytes(24, 10, 1)), IBGP, SESSION_RESET, 10),
                Arguments.of("unrecognized well-known attribute",
                        withAttrs(attr(0x40, 99, bytes(1))), IBGP, SESSION_RESET, 2),
                Arguments.of("MP_REACH_NLRI twice",
                        withAttrs(mpReachV6(16, v6Nlri), mpReachV6(16, v6Nlri)), IBGP, SESSION_RESET, 1),
                Arguments.of("MP_REACH_NLRI too short to name its family",
                        withAttrs(attr(0x80, 14, bytes(0, 2, 1))), IBGP, SESSION_RESET, 5),
                Arguments.of("MP_UNREACH_NLRI too short to name its family",
                        withAttrs(attr(0x80, 15, bytes(0, 2))), IBGP, SESSION_RESET, 5),
                Arguments.of("MP_REACH_NLRI with well-known flags",
                        withAttrs(attr(0x40, 14, concat(bytes(0, 2, 1, 16), new byte[16], bytes(0)))), IBGP, SESSION_RESET, 4),
                Arguments.of("last attribute is MP_REACH_NLRI and overruns",
                        update(new byte[0], concat(ORIGIN_IGP, AS_PATH_65001, bytes(0x80, 14, 40, 0, 2, 1)), new byte[0]),
                        IBGP, SESSION_RESET, 5),
                // RFC 7606 §7: per-attribute rules.
                Arguments.of("ORIGIN length 2", update(new byte[0], concat(attr(0x40, 1, bytes(0, 0)), AS_PATH_65001,
                        NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 5),
                Arguments.of("ORIGIN value 3", update(new byte[0], concat(attr(0x40, 1, bytes(3)), AS_PATH_65001,
                        NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 6),
                Arguments.of("ORIGIN flagged optional", update(new byte[0], concat(attr(0xC0, 1, bytes(0)), AS_PATH_65001,
                        NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 4),
                Arguments.of("AS_PATH segment type 5", update(new byte[0], concat(ORIGIN_IGP,
                        attr(0x40, 2, bytes(5, 1, 0, 0, 0, 1)), NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 11),
                Arguments.of("AS_PATH segment with no ASNs", update(new byte[0], concat(ORIGIN_IGP,
                        attr(0x40, 2, bytes(2, 0)), NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 11),
                Arguments.of("AS_PATH segment overrun", update(new byte[0], concat(ORIGIN_IGP,
                        attr(0x40, 2, bytes(2, 2, 0, 0, 0, 1)), NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 11),
                Arguments.of("NEXT_HOP length 5", update(new byte[0], concat(ORIGIN_IGP, AS_PATH_65001,
                        attr(0x40, 3, bytes(10, 0, 0, 1, 0))), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 5),
                Arguments.of("NEXT_HOP 0.0.0.0", update(new byte[0], concat(ORIGIN_IGP, AS_PATH_65001,
                        attr(0x40, 3, bytes(0, 0, 0, 0))), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 8),
                Arguments.of("NEXT_HOP multicast", update(new byte[0], concat(ORIGIN_IGP, AS_PATH_65001,
                        attr(0x40, 3, bytes(224, 0, 0, 5))), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 8),
                Arguments.of("MULTI_EXIT_DISC length 3", withAttrs(attr(0x80, 4, bytes(0, 0, 1))), IBGP, TREAT_AS_WITHDRAW, 5),
                Arguments.of("LOCAL_PREF length 3", withAttrs(attr(0x40, 5, bytes(0, 0, 1))), IBGP, TREAT_AS_WITHDRAW, 5),
                Arguments.of("LOCAL_PREF from an external peer", withAttrs(attr(0x40, 5, bytes(0, 0, 0, 100))), EBGP,
                        ATTRIBUTE_DISCARD, 1),
                Arguments.of("ATOMIC_AGGREGATE with a value", withAttrs(attr(0x40, 6, bytes(1))), IBGP, ATTRIBUTE_DISCARD, 5),
                Arguments.of("AGGREGATOR of 7 octets on a 4-octet session",
                        withAttrs(attr(0xC0, 7, bytes(0, 0, 1, 10, 0, 0, 1))), IBGP, ATTRIBUTE_DISCARD, 5),
                Arguments.of("COMMUNITIES of 5 octets", withAttrs(attr(0xC0, 8, bytes(0, 1, 0, 1, 0))), IBGP, TREAT_AS_WITHDRAW, 9),
                Arguments.of("COMMUNITIES empty", withAttrs(attr(0xC0, 8, new byte[0])), IBGP, TREAT_AS_WITHDRAW, 9),
                Arguments.of("ORIGINATOR_ID of 3 octets", withAttrs(attr(0x80, 9, bytes(1, 2, 3))), IBGP, TREAT_AS_WITHDRAW, 5),
                Arguments.of("ORIGINATOR_ID from an external peer", withAttrs(attr(0x80, 9, bytes(1, 2, 3, 4))), EBGP,
                        ATTRIBUTE_DISCARD, 1),
                Arguments.of("CLUSTER_LIST of 6 octets", withAttrs(attr(0x80, 10, bytes(1, 2, 3, 4, 5, 6))), IBGP,
                        TREAT_AS_WITHDRAW, 5),
                Arguments.of("CLUSTER_LIST from an external peer", withAttrs(attr(0x80, 10, bytes(1, 2, 3, 4))), EBGP,
                        ATTRIBUTE_DISCARD, 1),
                Arguments.of("EXTENDED_COMMUNITIES of 9 octets", withAttrs(attr(0xC0, 16, new byte[9])), IBGP, TREAT_AS_WITHDRAW, 9),
                Arguments.of("LARGE_COMMUNITY of 13 octets", withAttrs(attr(0xC0, 32, new byte[13])), IBGP, TREAT_AS_WITHDRAW, 9),
                Arguments.of("AS4_PATH malformed from a 2-octet peer",
                        update(new byte[0], concat(ORIGIN_IGP, attr(0x40, 2, bytes(2, 1, 0xFD, 0xE9)), NEXT_HOP_10_0_0_1,
                                attr(0xC0, 17, bytes(2, 3, 0, 0, 0, 1))), NLRI_10_1_0_0_16), OLD_PEER, ATTRIBUTE_DISCARD, 9),
                Arguments.of("AS4_AGGREGATOR of 7 octets", update(new byte[0], concat(ORIGIN_IGP, attr(0x40, 2, bytes(2, 1, 0xFD, 0xE9)),
                        NEXT_HOP_10_0_0_1, attr(0xC0, 18, new byte[7])), NLRI_10_1_0_0_16), OLD_PEER, ATTRIBUTE_DISCARD, 5),
                Arguments.of("MP_REACH_NLRI IPv6 next hop of 5 octets", withAttrs(mpReachV6(5, v6Nlri)), IBGP, AFI_SAFI_DISABLE, 9),
                Arguments.of("MP_REACH_NLRI IPv6 prefix cut off", withAttrs(mpReachV6(16, bytes(64, 0xFD))), IBGP,
                        AFI_SAFI_DISABLE, 10),
                // RFC 7606 §3(d) and §4.
                Arguments.of("ORIGIN missing", update(new byte[0], concat(AS_PATH_65001, NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16),
                        IBGP, TREAT_AS_WITHDRAW, 3),
                Arguments.of("AS_PATH missing", update(new byte[0], concat(ORIGIN_IGP, NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16),
                        IBGP, TREAT_AS_WITHDRAW, 3),
                Arguments.of("NEXT_HOP missing with IPv4 NLRI", update(new byte[0], concat(ORIGIN_IGP, AS_PATH_65001),
                        NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 3),
                Arguments.of("last attribute overruns the attributes", update(new byte[0],
                        concat(Wire.validAttributes(), bytes(0xC0, 8, 8, 0, 0)), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 5),
                Arguments.of("two octets left over after the attributes", update(new byte[0],
                        concat(Wire.validAttributes(), bytes(0xC0, 8)), NLRI_10_1_0_0_16), IBGP, TREAT_AS_WITHDRAW, 1),
                Arguments.of("first AS is not the external peer's", withAttrs(), new CodecContext(true, false, true, 65002),
                        TREAT_AS_WITHDRAW, 11),
                Arguments.of("confederation segment from an external peer", update(new byte[0], concat(ORIGIN_IGP,
                        attr(0x40, 2, bytes(3, 1, 0, 0, 0, 7, 2, 1, 0, 0, 0xFD, 0xE9)), NEXT_HOP_10_0_0_1), NLRI_10_1_0_0_16),
                        EBGP, TREAT_AS_WITHDRAW, 11),
                Arguments.of("ORIGIN twice: the second is ignored", withAttrs(attr(0x40, 1, bytes(2))), IBGP, NONE, 1),
                Arguments.of("strongest action wins: discard + withdraw",
                        withAttrs(attr(0x40, 6, bytes(1)), attr(0x80, 4, bytes(1))), IBGP, TREAT_AS_WITHDRAW, 6 - 6 + 5));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("cases")
    void actsAsRfc7606Prescribes(String name, byte[] msg, CodecContext ctx, ErrorAction expected, int subcode)
            throws Exception {
        if (expected == SESSION_RESET) {
            BgpProtocolException e = catchThrowableOfType(BgpProtocolException.class, () -> Wire.decode(msg, ctx));
            assertThat(e).as(name).isNotNull();
            assertThat(e.notification().code()).isEqualTo(3);
            assertThat(e.notification().subcode()).as(e.getMessage()).isEqualTo(subcode);
            return;
        }
        DecodedMessage d = Wire.decode(msg, ctx);
        assertThat(d.action()).as(name + ": " + d.errors()).isEqualTo(expected);
        assertThat(d.errors()).as(name).isNotEmpty();
        assertThat(d.errors()).extracting(UpdateError::subcode).contains(subcode);
        Update u = (Update) d.message();
        switch (expected) {
            case TREAT_AS_WITHDRAW -> {
                assertThat(u.nlri()).isEmpty();
                assertThat(u.attributes()).isEmpty();
                assertThat(u.withdrawn()).contains(IpPrefix.parse("10.1.0.0/16"));
            }
            case ATTRIBUTE_DISCARD, NONE -> {
                assertThat(u.nlri()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
                assertThat(u.attribute(PathAttribute.Origin.class)).contains(PathAttribute.Origin.IGP);
            }
            case AFI_SAFI_DISABLE -> {
                assertThat(d.errors()).extracting(UpdateError::family).contains(AfiSafi.IPV6_UNICAST);
                assertThat(u.attribute(PathAttribute.MpReach.class)).isEmpty();
                assertThat(u.nlri()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
            }
            default -> throw new AssertionError();
        }
    }

    @Test
    void discardedAttributeIsGoneAndTheRestKept() throws Exception {
        DecodedMessage d = Wire.decode(withAttrs(attr(0x40, 5, bytes(0, 0, 0, 100)), attr(0xC0, 8, bytes(0, 1, 0, 2))), EBGP);
        Update u = (Update) d.message();
        assertThat(u.attribute(PathAttribute.LocalPref.class)).isEmpty();
        assertThat(u.attribute(PathAttribute.Communities.class)).contains(new PathAttribute.Communities(List.of(0x00010002)));
    }

    @Test
    void unknownOptionalTransitiveIsKeptAndGetsPartialWhenPassedOn() throws Exception {
        DecodedMessage d = Wire.decode(withAttrs(attr(0xC0, 99, bytes(7, 7)), attr(0x80, 98, bytes(8))), IBGP);
        assertThat(d.action()).isEqualTo(NONE);
        Update u = (Update) d.message();
        List<PathAttribute.Unknown> unknown = u.attributes().stream()
                .filter(a -> a instanceof PathAttribute.Unknown).map(a -> (PathAttribute.Unknown) a).toList();
        assertThat(unknown).hasSize(2);
        assertThat(unknown.get(0).forReadvertisement().flags()).isEqualTo(0xE0);
        assertThat(unknown.get(0).forReadvertisement().value()).containsExactly(7, 7);
        assertThat(unknown.get(1).forReadvertisement()).as("non-transitive is dropped").isNull();
    }

    @Test
    void mpReachOfAnUnsupportedFamilyIsCarriedOpaquely() throws Exception {
        byte[] vpn = attr(0x90, 14, concat(bytes(0, 1, 128, 12), new byte[12], bytes(0)));
        DecodedMessage d = Wire.decode(withAttrs(vpn), IBGP);
        assertThat(d.action()).isEqualTo(NONE);
        assertThat(((Update) d.message()).nlri()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
    }
}

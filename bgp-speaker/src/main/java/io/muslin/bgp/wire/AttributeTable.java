package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.ErrorAction.AFI_SAFI_DISABLE;
import static io.muslin.bgp.wire.ErrorAction.ATTRIBUTE_DISCARD;
import static io.muslin.bgp.wire.ErrorAction.NONE;
import static io.muslin.bgp.wire.ErrorAction.TREAT_AS_WITHDRAW;
import static io.muslin.bgp.wire.Notification.ATTRIBUTE_LENGTH_ERROR;
import static io.muslin.bgp.wire.Notification.INVALID_ORIGIN_ATTRIBUTE;
import static io.muslin.bgp.wire.Notification.MALFORMED_AS_PATH;
import static io.muslin.bgp.wire.Notification.OPTIONAL_ATTRIBUTE_ERROR;
import static io.muslin.bgp.wire.PathAttribute.FLAG_OPTIONAL;
import static io.muslin.bgp.wire.PathAttribute.FLAG_TRANSITIVE;

import io.muslin.bgp.wire.PathAttribute.Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Path;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.bgp.wire.PathAttribute.AtomicAggregate;
import io.muslin.bgp.wire.PathAttribute.ClusterList;
import io.muslin.bgp.wire.PathAttribute.Communities;
import io.muslin.bgp.wire.PathAttribute.ExtendedCommunities;
import io.muslin.bgp.wire.PathAttribute.LargeCommunities;
import io.muslin.bgp.wire.PathAttribute.LargeCommunity;
import io.muslin.bgp.wire.PathAttribute.LocalPref;
import io.muslin.bgp.wire.PathAttribute.MpReach;
import io.muslin.bgp.wire.PathAttribute.MpUnreach;
import io.muslin.bgp.wire.PathAttribute.MultiExitDisc;
import io.muslin.bgp.wire.PathAttribute.NextHop;
import io.muslin.bgp.wire.PathAttribute.Origin;
import io.muslin.bgp.wire.PathAttribute.OriginatorId;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One row per known attribute code: its category flags, value decoder and encoder, and the
 * RFC 7606 action when it is malformed (after BIRD's {@code bgp_attr_table[]}). The generic
 * checks (header, duplicates, flags) live once, in {@link UpdateDecoder}.
 */
final class AttributeTable {
    @FunctionalInterface
    interface ValueDecoder {
        /** Reads exactly {@code length} bytes of value. */
        PathAttribute decode(ByteBuf value, int length, int flags, CodecContext ctx) throws MalformedException;
    }

    @FunctionalInterface
    interface ValueEncoder {
        void encode(PathAttribute attribute, CodecContext ctx, ByteBuf out);
    }

    /**
     * @param category        the optional and transitive bits this attribute must carry
     * @param malformed       RFC 7606 action when the value is malformed or the flags are wrong
     * @param fromExternal    action when received from an eBGP peer (RFC 7606 §7.5, §7.9, §7.10)
     */
    record Row(int code, String name, int category, ErrorAction malformed, ErrorAction fromExternal,
               ValueDecoder decoder, ValueEncoder encoder) {
    }

    private static final int WELL_KNOWN = FLAG_TRANSITIVE;
    private static final int OPTIONAL_TRANSITIVE = FLAG_OPTIONAL | FLAG_TRANSITIVE;
    private static final int OPTIONAL_NON_TRANSITIVE = FLAG_OPTIONAL;

    private static final Row[] ROWS = new Row[256];

    static {
        add(new Row(PathAttribute.ORIGIN, "ORIGIN", WELL_KNOWN, TREAT_AS_WITHDRAW, NONE,
                AttributeTable::decodeOrigin, (a, c, o) -> o.writeByte(((Origin) a).value())));
        add(new Row(PathAttribute.AS_PATH, "AS_PATH", WELL_KNOWN, TREAT_AS_WITHDRAW, NONE,
                (b, l, f, c) -> new AsPath(decodeSegments(b, l, c.asSize(), MALFORMED_AS_PATH)),
                (a, c, o) -> encodeSegments(((AsPath) a).segments(), c.asSize(), o)));
        add(new Row(PathAttribute.NEXT_HOP, "NEXT_HOP", WELL_KNOWN, TREAT_AS_WITHDRAW, NONE,
                (b, l, f, c) -> new NextHop(readAddress(b, l, 4)),
                (a, c, o) -> o.writeBytes(((NextHop) a).address().toBytes())));
        add(new Row(PathAttribute.MULTI_EXIT_DISC, "MULTI_EXIT_DISC", OPTIONAL_NON_TRANSITIVE, TREAT_AS_WITHDRAW, NONE,
                (b, l, f, c) -> new MultiExitDisc(readUint32(b, l)),
                (a, c, o) -> o.writeInt((int) ((MultiExitDisc) a).value())));
        add(new Row(PathAttribute.LOCAL_PREF, "LOCAL_PREF", WELL_KNOWN, TREAT_AS_WITHDRAW, ATTRIBUTE_DISCARD,
                (b, l, f, c) -> new LocalPref(readUint32(b, l)),
                (a, c, o) -> o.writeInt((int) ((LocalPref) a).value())));
        add(new Row(PathAttribute.ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", WELL_KNOWN, ATTRIBUTE_DISCARD, NONE,
                AttributeTable::decodeAtomicAggregate, (a, c, o) -> { }));
        add(new Row(PathAttribute.AGGREGATOR, "AGGREGATOR", OPTIONAL_TRANSITIVE, ATTRIBUTE_DISCARD, NONE,
                AttributeTable::decodeAggregator, (a, c, o) -> {
                    Aggregator ag = (Aggregator) a;
                    writeAs(ag.asNumber(), c.asSize(), o);
                    o.writeBytes(ag.address().toBytes());
                }));
        add(new Row(PathAttribute.COMMUNITIES, "COMMUNITIES", OPTIONAL_TRANSITIVE, TREAT_AS_WITHDRAW, NONE,
                AttributeTable::decodeCommunities, (a, c, o) -> ((Communities) a).values().forEach(o::writeInt)));
        add(new Row(PathAttribute.ORIGINATOR_ID, "ORIGINATOR_ID", OPTIONAL_NON_TRANSITIVE, TREAT_AS_WITHDRAW,
                ATTRIBUTE_DISCARD, (b, l, f, c) -> new OriginatorId((int) readUint32(b, l)),
                (a, c, o) -> o.writeInt(((OriginatorId) a).routerId())));
        add(new Row(PathAttribute.CLUSTER_LIST, "CLUSTER_LIST", OPTIONAL_NON_TRANSITIVE, TREAT_AS_WITHDRAW,
                ATTRIBUTE_DISCARD, AttributeTable::decodeClusterList,
                (a, c, o) -> ((ClusterList) a).clusterIds().forEach(o::writeInt)));
        add(new Row(PathAttribute.MP_REACH_NLRI, "MP_REACH_NLRI", OPTIONAL_NON_TRANSITIVE, AFI_SAFI_DISABLE, NONE,
                AttributeTable::decodeMpReach, AttributeTable::encodeMpReach));
        add(new Row(PathAttribute.MP_UNREACH_NLRI, "MP_UNREACH_NLRI", OPTIONAL_NON_TRANSITIVE, AFI_SAFI_DISABLE, NONE,
                AttributeTable::decodeMpUnreach, (a, c, o) -> {
                    MpUnreach u = (MpUnreach) a;
                    o.writeShort(u.family().afi());
                    o.writeByte(u.family().safi());
                    Nlri.encode(u.withdrawn(), o);
                }));
        add(new Row(PathAttribute.EXTENDED_COMMUNITIES, "EXTENDED_COMMUNITIES", OPTIONAL_TRANSITIVE,
                TREAT_AS_WITHDRAW, NONE, AttributeTable::decodeExtendedCommunities,
                (a, c, o) -> ((ExtendedCommunities) a).values().forEach(o::writeLong)));
        add(new Row(PathAttribute.AS4_PATH, "AS4_PATH", OPTIONAL_TRANSITIVE, ATTRIBUTE_DISCARD, NONE,
                (b, l, f, c) -> new As4Path(decodeSegments(b, l, 4, OPTIONAL_ATTRIBUTE_ERROR)),
                (a, c, o) -> encodeSegments(((As4Path) a).segments(), 4, o)));
        add(new Row(PathAttribute.AS4_AGGREGATOR, "AS4_AGGREGATOR", OPTIONAL_TRANSITIVE, ATTRIBUTE_DISCARD, NONE,
                AttributeTable::decodeAs4Aggregator, (a, c, o) -> {
                    As4Aggregator ag = (As4Aggregator) a;
                    o.writeInt((int) ag.asNumber());
                    o.writeBytes(ag.address().toBytes());
                }));
        add(new Row(PathAttribute.LARGE_COMMUNITY, "LARGE_COMMUNITY", OPTIONAL_TRANSITIVE, TREAT_AS_WITHDRAW, NONE,
                AttributeTable::decodeLargeCommunities, (a, c, o) -> {
                    for (LargeCommunity lc : ((LargeCommunities) a).values()) {
                        o.writeInt((int) lc.global());
                        o.writeInt((int) lc.local1());
                        o.writeInt((int) lc.local2());
                    }
                }));
    }

    private AttributeTable() {
    }

    private static void add(Row row) {
        ROWS[row.code()] = row;
    }

    /** The row for a type code, or null for attributes this speaker does not know. */
    static Row row(int code) {
        return ROWS[code & 0xFF];
    }

    static String name(int code) {
        Row r = row(code);
        return r == null ? "attribute-" + code : r.name();
    }

    // ---- value decoders -------------------------------------------------------------------

    private static PathAttribute decodeOrigin(ByteBuf b, int len, int flags, CodecContext c) throws MalformedException {
        if (len != 1) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "ORIGIN length " + len + " is not 1");
        }
        int v = b.readUnsignedByte();
        if (v > 2) {
            throw new MalformedException(INVALID_ORIGIN_ATTRIBUTE, "ORIGIN value " + v + " is not 0, 1 or 2");
        }
        return switch (v) {
            case 0 -> Origin.IGP;
            case 1 -> Origin.EGP;
            default -> Origin.INCOMPLETE;
        };
    }

    private static PathAttribute decodeAtomicAggregate(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        if (len != 0) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "ATOMIC_AGGREGATE length " + len + " is not 0");
        }
        return new AtomicAggregate();
    }

    private static PathAttribute decodeAggregator(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        int expected = c.asSize() + 4;
        if (len != expected) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "AGGREGATOR length " + len + " is not " + expected);
        }
        long as = c.fourOctetAs() ? b.readUnsignedInt() : b.readUnsignedShort();
        return new Aggregator(as, readAddress(b, 4, 4));
    }

    private static PathAttribute decodeAs4Aggregator(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        if (len != 8) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "AS4_AGGREGATOR length " + len + " is not 8");
        }
        return new As4Aggregator(b.readUnsignedInt(), readAddress(b, 4, 4));
    }

    private static PathAttribute decodeCommunities(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        if (len == 0 || len % 4 != 0) {
            throw new MalformedException(OPTIONAL_ATTRIBUTE_ERROR, "COMMUNITIES length " + len + " is not a positive multiple of 4");
        }
        Integer[] values = new Integer[len / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.readInt();
        }
        return new Communities(FrozenList.wrap(values, values.length));
    }

    private static PathAttribute decodeClusterList(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        if (len == 0 || len % 4 != 0) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "CLUSTER_LIST length " + len + " is not a positive multiple of 4");
        }
        List<Integer> ids = new ArrayList<>(len / 4);
        for (int i = 0; i < len; i += 4) {
            ids.add(b.readInt());
        }
        return new ClusterList(ids);
    }

    private static PathAttribute decodeExtendedCommunities(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        if (len == 0 || len % 8 != 0) {
            throw new MalformedException(OPTIONAL_ATTRIBUTE_ERROR,
                    "EXTENDED_COMMUNITIES length " + len + " is not a positive multiple of 8");
        }
        List<Long> values = new ArrayList<>(len / 8);
        for (int i = 0; i < len; i += 8) {
            values.add(b.readLong());
        }
        return new ExtendedCommunities(values);
    }

    private static PathAttribute decodeLargeCommunities(ByteBuf b, int len, int flags, CodecContext c)
            throws MalformedException {
        if (len == 0 || len % 12 != 0) {
            throw new MalformedException(OPTIONAL_ATTRIBUTE_ERROR,
                    "LARGE_COMMUNITY length " + len + " is not a positive multiple of 12");
        }
        List<LargeCommunity> values = new ArrayList<>(len / 12);
        for (int i = 0; i < len; i += 12) {
            values.add(new LargeCommunity(b.readUnsignedInt(), b.readUnsignedInt(), b.readUnsignedInt()));
        }
        return new LargeCommunities(values);
    }

    private static PathAttribute decodeMpReach(ByteBuf b, int len, int flags, CodecContext c) throws MalformedException {
        if (len < 5) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, ErrorAction.SESSION_RESET,
                    "MP_REACH_NLRI length " + len + " is too short to name its family");
        }
        int start = b.readerIndex();
        AfiSafi family = new AfiSafi(b.readUnsignedShort(), b.readUnsignedByte());
        if (!family.isSupported()) {
            b.readerIndex(start);
            return unknown(b, len, flags, PathAttribute.MP_REACH_NLRI);
        }
        int nhLength = b.readUnsignedByte();
        if (3 + 1 + nhLength + 1 > len) {
            throw new MalformedException(OPTIONAL_ATTRIBUTE_ERROR,
                    "MP_REACH_NLRI next-hop length " + nhLength + " runs past the attribute");
        }
        List<IpAddress> nextHops = new ArrayList<>(2);
        boolean v6 = family.afi() == AfiSafi.AFI_IPV6;
        if (!v6 && nhLength == 4) {
            nextHops.add(readAddress(b, 4, 4));
        } else if (v6 && (nhLength == 16 || nhLength == 32)) {
            nextHops.add(readAddress(b, 16, 16));
            if (nhLength == 32) {
                nextHops.add(readAddress(b, 16, 16));
            }
        } else {
            throw new MalformedException(OPTIONAL_ATTRIBUTE_ERROR,
                    "MP_REACH_NLRI next-hop length " + nhLength + " is not valid for " + family);
        }
        b.skipBytes(1); // reserved (was: number of SNPAs), RFC 4760 §3
        List<IpPrefix> nlri = Nlri.decode(b, len - (b.readerIndex() - start), v6);
        return new MpReach(family, nextHops, nlri);
    }

    private static PathAttribute decodeMpUnreach(ByteBuf b, int len, int flags, CodecContext c) throws MalformedException {
        if (len < 3) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, ErrorAction.SESSION_RESET,
                    "MP_UNREACH_NLRI length " + len + " is too short to name its family");
        }
        int start = b.readerIndex();
        AfiSafi family = new AfiSafi(b.readUnsignedShort(), b.readUnsignedByte());
        if (!family.isSupported()) {
            b.readerIndex(start);
            return unknown(b, len, flags, PathAttribute.MP_UNREACH_NLRI);
        }
        List<IpPrefix> withdrawn = Nlri.decode(b, len - 3, family.afi() == AfiSafi.AFI_IPV6);
        return new MpUnreach(family, withdrawn);
    }

    private static void encodeMpReach(PathAttribute a, CodecContext c, ByteBuf o) {
        MpReach r = (MpReach) a;
        o.writeShort(r.family().afi());
        o.writeByte(r.family().safi());
        int nhLen = 0;
        for (IpAddress nh : r.nextHops()) {
            nhLen += nh.byteLength();
        }
        o.writeByte(nhLen);
        for (IpAddress nh : r.nextHops()) {
            o.writeBytes(nh.toBytes());
        }
        o.writeByte(0);
        Nlri.encode(r.nlri(), o);
    }

    static PathAttribute unknown(ByteBuf b, int len, int flags, int code) {
        byte[] v = new byte[len];
        b.readBytes(v);
        return new PathAttribute.Unknown(flags, code, v);
    }

    // ---- shared pieces ----------------------------------------------------------------------

    static List<AsPathSegment> decodeSegments(ByteBuf b, int len, int asSize, int subcode) throws MalformedException {
        int end = b.readerIndex() + len;
        List<AsPathSegment> segments = new ArrayList<>(1);
        while (b.readerIndex() < end) {
            if (end - b.readerIndex() < 2) {
                throw new MalformedException(subcode, "AS path segment header is cut off");
            }
            int type = b.readUnsignedByte();
            int count = b.readUnsignedByte();
            if (type < AsPathSegment.AS_SET || type > AsPathSegment.AS_CONFED_SET) {
                throw new MalformedException(subcode, "AS path segment type " + type + " is not 1..4");
            }
            if (count == 0) {
                throw new MalformedException(subcode, "AS path segment has no AS numbers");
            }
            if (b.readerIndex() + count * asSize > end) {
                throw new MalformedException(subcode, "AS path segment of " + count + " ASNs runs past the attribute");
            }
            long[] asns = new long[count];
            for (int i = 0; i < count; i++) {
                asns[i] = asSize == 4 ? b.readUnsignedInt() : b.readUnsignedShort();
            }
            segments.add(new AsPathSegment(type, asns));
        }
        return segments;
    }

    static void encodeSegments(List<AsPathSegment> segments, int asSize, ByteBuf o) {
        for (int k = 0; k < segments.size(); k++) {
            AsPathSegment s = segments.get(k);
            // Segments longer than 255 ASNs are split, as RFC 4271 §5.1.2 prescribes for prepending.
            for (int from = 0; from < s.size(); from += 255) {
                int n = Math.min(255, s.size() - from);
                o.writeByte(s.type());
                o.writeByte(n);
                for (int i = from; i < from + n; i++) {
                    writeAs(s.asn(i), asSize, o);
                }
            }
        }
    }

    static void writeAs(long as, int asSize, ByteBuf o) {
        if (asSize == 4) {
            o.writeInt((int) as);
        } else {
            o.writeShort(as > 0xFFFF ? Open.AS_TRANS : (int) as);
        }
    }

    private static long readUint32(ByteBuf b, int len) throws MalformedException {
        if (len != 4) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "length " + len + " is not 4");
        }
        return b.readUnsignedInt();
    }

    static IpAddress readAddress(ByteBuf b, int len, int expected) throws MalformedException {
        if (len != expected) {
            throw new MalformedException(ATTRIBUTE_LENGTH_ERROR, "address length " + len + " is not " + expected);
        }
        if (expected == 4) {
            return IpAddress.v4(b.readInt());
        }
        return IpAddress.v6(b.readLong(), b.readLong());
    }
}

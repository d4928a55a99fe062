package io.muslin.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Path attributes kept in their wire encoding (RFC 4271 §4.3 with 4-octet AS numbers, RFC 6793):
 * a few dozen octets per attribute set instead of a graph of decoded records, for a RIB that holds
 * hundreds of thousands of sets. Only attributes whose decoding gives back an equal value are
 * packed ({@link #packable}); an attribute is decoded again when asked for, one at a time.
 */
public final class PackedAttributes {
    private static final CodecContext CONTEXT = CodecContext.IBGP_4OCTET;

    private PackedAttributes() {
    }

    /** True when packing and unpacking give back an equal attribute. */
    public static boolean packable(PathAttribute a) {
        // By type code, then the record's type (an Unknown may carry any code): a switch on an
        // int, not on the type, which the client compiler would run through a method handle.
        return switch (a.code()) {
            case PathAttribute.ORIGIN -> a instanceof PathAttribute.Origin;
            case PathAttribute.AS_PATH -> a instanceof PathAttribute.AsPath p && segmentsFit(p.segments());
            case PathAttribute.MULTI_EXIT_DISC -> a instanceof PathAttribute.MultiExitDisc m && (m.value() >>> 32) == 0;
            case PathAttribute.LOCAL_PREF -> a instanceof PathAttribute.LocalPref l && (l.value() >>> 32) == 0;
            case PathAttribute.ATOMIC_AGGREGATE -> a instanceof PathAttribute.AtomicAggregate;
            case PathAttribute.AGGREGATOR -> a instanceof PathAttribute.Aggregator g && (g.asNumber() >>> 32) == 0 && !g.address().v6();
            case PathAttribute.COMMUNITIES -> a instanceof PathAttribute.Communities c && !c.values().isEmpty();
            case PathAttribute.ORIGINATOR_ID -> a instanceof PathAttribute.OriginatorId;
            case PathAttribute.CLUSTER_LIST -> a instanceof PathAttribute.ClusterList c && !c.clusterIds().isEmpty();
            case PathAttribute.EXTENDED_COMMUNITIES -> a instanceof PathAttribute.ExtendedCommunities e && !e.values().isEmpty();
            case PathAttribute.LARGE_COMMUNITY -> a instanceof PathAttribute.LargeCommunities l && !l.values().isEmpty()
                    && largeFit(l.values());
            default -> false;
        };
    }

    private static boolean largeFit(List<PathAttribute.LargeCommunity> values) {
        for (int i = 0; i < values.size(); i++) {
            PathAttribute.LargeCommunity v = values.get(i);
            if ((v.global() | v.local1() | v.local2()) >>> 32 != 0) {
                return false;
            }
        }
        return true;
    }

    /** Segments as the decoder makes them: 1 to 255 AS numbers of 32 bits each. */
    private static boolean segmentsFit(List<AsPathSegment> segments) {
        for (int k = 0; k < segments.size(); k++) {
            AsPathSegment s = segments.get(k);
            if (s.size() == 0 || s.size() > 255) {
                return false;
            }
            for (int i = 0; i < s.size(); i++) {
                if ((s.asn(i) >>> 32) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when every attribute is {@link #packable}. */
    public static boolean packable(List<PathAttribute> attributes) {
        for (int i = 0; i < attributes.size(); i++) {
            if (!packable(attributes.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The attributes, in order, encoded; each must be {@link #packable}. Written straight into an
     * array of the exact size (what {@link AttributeTable}'s encoders write for a 4-octet-AS
     * session, each value behind a header with the extended-length flag): every received
     * attribute set of a table load passes here.
     */
    public static byte[] pack(List<PathAttribute> attributes) {
        int size = 0;
        for (int i = 0; i < attributes.size(); i++) {
            PathAttribute a = attributes.get(i);
            if (!packable(a)) {
                throw new IllegalArgumentException("attribute " + a + " does not pack");
            }
            size += 4 + valueLength(a);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (int i = 0; i < attributes.size(); i++) {
            PathAttribute a = attributes.get(i);
            int length = valueLength(a);
            out[at] = (byte) (AttributeTable.row(a.code()).category() | PathAttribute.FLAG_EXTENDED_LENGTH);
            out[at + 1] = (byte) a.code();
            out[at + 2] = (byte) (length >>> 8);
            out[at + 3] = (byte) length;
            writeValue(a, out, at + 4);
            at += 4 + length;
        }
        return out;
    }

    /** The encoded value's length of a packable attribute. */
    private static int valueLength(PathAttribute a) {
        return switch (a.code()) {
            case PathAttribute.ORIGIN -> 1;
            case PathAttribute.AS_PATH -> {
                List<AsPathSegment> segments = ((PathAttribute.AsPath) a).segments();
                int n = 0;
                for (int i = 0; i < segments.size(); i++) {
                    n += 2 + 4 * segments.get(i).size();
                }
                yield n;
            }
            case PathAttribute.MULTI_EXIT_DISC, PathAttribute.LOCAL_PREF, PathAttribute.ORIGINATOR_ID -> 4;
            case PathAttribute.ATOMIC_AGGREGATE -> 0;
            case PathAttribute.AGGREGATOR -> 8;
            case PathAttribute.COMMUNITIES -> 4 * ((PathAttribute.Communities) a).values().size();
            case PathAttribute.CLUSTER_LIST -> 4 * ((PathAttribute.ClusterList) a).clusterIds().size();
            case PathAttribute.EXTENDED_COMMUNITIES -> 8 * ((PathAttribute.ExtendedCommunities) a).values().size();
            case PathAttribute.LARGE_COMMUNITY -> 12 * ((PathAttribute.LargeCommunities) a).values().size();
            default -> throw new IllegalArgumentException("attribute " + a + " does not pack");
        };
    }

    private static void writeValue(PathAttribute a, byte[] out, int at) {
        switch (a.code()) {
            case PathAttribute.ORIGIN -> out[at] = (byte) ((PathAttribute.Origin) a).value();
            case PathAttribute.AS_PATH -> {
                List<AsPathSegment> segments = ((PathAttribute.AsPath) a).segments();
                for (int i = 0; i < segments.size(); i++) {
                    AsPathSegment s = segments.get(i);
                    out[at++] = (byte) s.type();
                    out[at++] = (byte) s.size();
                    for (int k = 0; k < s.size(); k++) {
                        at = putInt32(out, at, s.asn(k));
                    }
                }
            }
            case PathAttribute.MULTI_EXIT_DISC -> putInt32(out, at, ((PathAttribute.MultiExitDisc) a).value());
            case PathAttribute.LOCAL_PREF -> putInt32(out, at, ((PathAttribute.LocalPref) a).value());
            case PathAttribute.ORIGINATOR_ID -> putInt32(out, at, ((PathAttribute.OriginatorId) a).routerId());
            case PathAttribute.ATOMIC_AGGREGATE -> { }
            case PathAttribute.AGGREGATOR -> {
                PathAttribute.Aggregator g = (PathAttribute.Aggregator) a;
                putInt32(out, putInt32(out, at, g.asNumber()), g.address().lo());
            }
            case PathAttribute.COMMUNITIES -> {
                List<Integer> values = ((PathAttribute.Communities) a).values();
                for (int i = 0; i < values.size(); i++) {
                    at = putInt32(out, at, values.get(i));
                }
            }
            case PathAttribute.CLUSTER_LIST -> {
                List<Integer> ids = ((PathAttribute.ClusterList) a).clusterIds();
                for (int i = 0; i < ids.size(); i++) {
                    at = putInt32(out, at, ids.get(i));
                }
            }
            case PathAttribute.EXTENDED_COMMUNITIES -> {
                List<Long> values = ((PathAttribute.ExtendedCommunities) a).values();
                for (int i = 0; i < values.size(); i++) {
                    long v = values.get(i);
                    at = putInt32(out, putInt32(out, at, v >>> 32), v);
                }
            }
            case PathAttribute.LARGE_COMMUNITY -> {
                List<PathAttribute.LargeCommunity> values = ((PathAttribute.LargeCommunities) a).values();
                for (int i = 0; i < values.size(); i++) {
                    PathAttribute.LargeCommunity v = values.get(i);
                    at = putInt32(out, putInt32(out, putInt32(out, at, v.global()), v.local1()), v.local2());
                }
            }
            default -> throw new IllegalArgumentException("attribute " + a + " does not pack");
        }
    }

    /** Writes the low 32 bits of {@code v} big-endian at {@code at}; returns the position after them. */
    private static int putInt32(byte[] out, int at, long v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
        return at + 4;
    }

    /** Every attribute, decoded, in the order packed. */
    public static List<PathAttribute> unpack(byte[] packed) {
        List<PathAttribute> out = new ArrayList<>(4);
        for (int at = 0; at < packed.length; at = next(packed, at)) {
            out.add(decode(packed, at));
        }
        return out;
    }

    /** The attribute of this type code, decoded, or null when there is none. */
    public static PathAttribute find(byte[] packed, int code) {
        for (int at = 0; at < packed.length; at = next(packed, at)) {
            if ((packed[at + 1] & 0xFF) == code) {
                return decode(packed, at);
            }
        }
        return null;
    }

    private static int length(byte[] packed, int at) {
        return ((packed[at + 2] & 0xFF) << 8) | (packed[at + 3] & 0xFF);
    }

    private static int next(byte[] packed, int at) {
        return at + 4 + length(packed, at);
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static PathAttribute decode(byte[] packed, int at) {
        int code = packed[at + 1] & 0xFF;
        int length = length(packed, at);
        // What a Loc-RIB change reads of every set (BestRoute: MED, communities) without a buffer.
        if (code == PathAttribute.MULTI_EXIT_DISC) {
            return new PathAttribute.MultiExitDisc(int32(packed, at + 4) & 0xFFFFFFFFL);
        }
        if (code == PathAttribute.COMMUNITIES) {
            Integer[] values = new Integer[length / 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = int32(packed, at + 4 + 4 * i);
            }
            return new PathAttribute.Communities(List.of(values));
        }
        ByteBuf value = Unpooled.wrappedBuffer(packed, at + 4, length);
        try {
            return AttributeTable.row(code).decoder().decode(value, length, packed[at] & 0xFF, CONTEXT);
        } catch (MalformedException e) {
            throw new IllegalStateException("packed attribute " + code + " does not decode: " + e.getMessage(), e);
        }
    }
}

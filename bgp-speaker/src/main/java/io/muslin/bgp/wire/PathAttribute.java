package io.muslin.bgp.wire;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A path attribute of an UPDATE (RFC 4271 §4.3 and the RFCs named on each record). How each is
 * encoded, decoded and what RFC 7606 says to do when it is malformed is in {@link AttributeTable}.
 * The records write their {@code hashCode} out: every received attribute set is hashed, and a
 * record's generated one runs through a method handle that the client compiler the speaker runs
 * with calls anew each time (equality stays the records' own).
 */
public sealed interface PathAttribute {
    int ORIGIN = 1;
    int AS_PATH = 2;
    int NEXT_HOP = 3;
    int MULTI_EXIT_DISC = 4;
    int LOCAL_PREF = 5;
    int ATOMIC_AGGREGATE = 6;
    int AGGREGATOR = 7;
    int COMMUNITIES = 8;
    int ORIGINATOR_ID = 9;
    int CLUSTER_LIST = 10;
    int MP_REACH_NLRI = 14;
    int MP_UNREACH_NLRI = 15;
    int EXTENDED_COMMUNITIES = 16;
    int AS4_PATH = 17;
    int AS4_AGGREGATOR = 18;
    int LARGE_COMMUNITY = 32;

    int FLAG_OPTIONAL = 0x80;
    int FLAG_TRANSITIVE = 0x40;
    int FLAG_PARTIAL = 0x20;
    int FLAG_EXTENDED_LENGTH = 0x10;

    /** The attribute type code. */
    int code();

    /** ORIGIN (RFC 4271): 0 IGP, 1 EGP, 2 INCOMPLETE. */
    record Origin(int value) implements PathAttribute {
        public static final Origin IGP = new Origin(0);
        public static final Origin EGP = new Origin(1);
        public static final Origin INCOMPLETE = new Origin(2);

        public int code() {
            return ORIGIN;
        }

        @Override
        public int hashCode() {
            return value;
        }

        @Override
        public String toString() {
            return switch (value) {
                case 0 -> "IGP";
                case 1 -> "EGP";
                case 2 -> "INCOMPLETE";
                default -> "origin-" + value;
            };
        }
    }

    /** AS_PATH (RFC 4271, RFC 6793 with 4-octet ASNs, RFC 5065 confederation segments). */
    record AsPath(List<AsPathSegment> segments) implements PathAttribute {
        public static final AsPath EMPTY = new AsPath(List.of());

        public AsPath {
            segments = FrozenList.copyOf(segments);
        }

        public static AsPath sequence(long... asns) {
            return asns.length == 0 ? EMPTY : new AsPath(List.of(AsPathSegment.sequence(asns)));
        }

        public int code() {
            return AS_PATH;
        }

        @Override
        public int hashCode() {
            return segments.hashCode();
        }

        /** Length for best-path selection (RFC 4271 §9.1.2.2, RFC 5065 §5.3). */
        public int pathLength() {
            int n = 0;
            for (int i = 0; i < segments.size(); i++) {
                n += segments.get(i).pathLength();
            }
            return n;
        }

        /** The leftmost AS of the first AS_SEQUENCE, or -1 (the neighbouring AS). */
        public long firstAs() {
            for (int k = 0; k < segments.size(); k++) {
                AsPathSegment s = segments.get(k);
                if (s.isConfederation()) {
                    continue;
                }
                return s.type() == AsPathSegment.AS_SEQUENCE && s.size() > 0 ? s.asn(0) : -1;
            }
            return -1;
        }

        public boolean contains(long asn) {
            for (int k = 0; k < segments.size(); k++) {
                AsPathSegment s = segments.get(k);
                for (int i = 0; i < s.size(); i++) {
                    if (s.asn(i) == asn) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (AsPathSegment s : segments) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(s);
            }
            return sb.toString();
        }
    }

    /** NEXT_HOP (RFC 4271): an IPv4 address. */
    record NextHop(IpAddress address) implements PathAttribute {
        public int code() {
            return NEXT_HOP;
        }

        @Override
        public int hashCode() {
            return address.hashCode();
        }
    }

    /** MULTI_EXIT_DISC (RFC 4271): unsigned 32 bits. */
    record MultiExitDisc(long value) implements PathAttribute {
        public int code() {
            return MULTI_EXIT_DISC;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }
    }

    /** LOCAL_PREF (RFC 4271): unsigned 32 bits, iBGP only. */
    record LocalPref(long value) implements PathAttribute {
        public int code() {
            return LOCAL_PREF;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }
    }

    /** ATOMIC_AGGREGATE (RFC 4271): no value. */
    record AtomicAggregate() implements PathAttribute {
        public int code() {
            return ATOMIC_AGGREGATE;
        }

        @Override
        public int hashCode() {
            return ATOMIC_AGGREGATE;
        }
    }

    /** AGGREGATOR (RFC 4271; 4-octet AS when negotiated, RFC 6793). */
    record Aggregator(long asNumber, IpAddress address) implements PathAttribute {
        public int code() {
            return AGGREGATOR;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(asNumber) * 31 + address.hashCode();
        }
    }

    /** COMMUNITIES (RFC 1997): 32-bit values, {@code asn << 16 | value}. */
    record Communities(List<Integer> values) implements PathAttribute {
        public static final int NO_EXPORT = 0xFFFFFF01;
        public static final int NO_ADVERTISE = 0xFFFFFF02;
        public static final int NO_EXPORT_SUBCONFED = 0xFFFFFF03;

        public Communities {
            values = FrozenList.copyOf(values);
        }

        public int code() {
            return COMMUNITIES;
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        public static String format(int community) {
            return (community >>> 16) + ":" + (community & 0xFFFF);
        }
    }

    /** ORIGINATOR_ID (RFC 4456). */
    record OriginatorId(int routerId) implements PathAttribute {
        public int code() {
            return ORIGINATOR_ID;
        }

        @Override
        public int hashCode() {
            return routerId;
        }
    }

    /** CLUSTER_LIST (RFC 4456). */
    record ClusterList(List<Integer> clusterIds) implements PathAttribute {
        public ClusterList {
            clusterIds = List.copyOf(clusterIds);
        }

        public int code() {
            return CLUSTER_LIST;
        }

        @Override
        public int hashCode() {
            return clusterIds.hashCode();
        }
    }

    /**
     * MP_REACH_NLRI (RFC 4760) for IPv4 or IPv6 unicast. For IPv6 the next hops are the global
     * address and, when present, the link-local one (RFC 2545 §3).
     */
    record MpReach(AfiSafi family, List<IpAddress> nextHops, List<IpPrefix> nlri) implements PathAttribute {
        public MpReach {
            nextHops = List.copyOf(nextHops);
            nlri = FrozenList.copyOf(nlri);
        }

        public int code() {
            return MP_REACH_NLRI;
        }
    }

    /** MP_UNREACH_NLRI (RFC 4760). With no prefixes it is the End-of-RIB marker for its family. */
    record MpUnreach(AfiSafi family, List<IpPrefix> withdrawn) implements PathAttribute {
        public MpUnreach {
            withdrawn = FrozenList.copyOf(withdrawn);
        }

        public int code() {
            return MP_UNREACH_NLRI;
        }
    }

    /** EXTENDED_COMMUNITIES (RFC 4360): 8-octet values. */
    record ExtendedCommunities(List<Long> values) implements PathAttribute {
        public ExtendedCommunities {
            values = FrozenList.copyOf(values);
        }

        public int code() {
            return EXTENDED_COMMUNITIES;
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }
    }

    /** AS4_PATH (RFC 6793): only between a 4-octet speaker and a 2-octet one. */
    record As4Path(List<AsPathSegment> segments) implements PathAttribute {
        public As4Path {
            segments = FrozenList.copyOf(segments);
        }

        public int code() {
            return AS4_PATH;
        }
    }

    /** AS4_AGGREGATOR (RFC 6793). */
    record As4Aggregator(long asNumber, IpAddress address) implements PathAttribute {
        public int code() {
            return AS4_AGGREGATOR;
        }
    }

    /** LARGE_COMMUNITY (RFC 8092). */
    record LargeCommunities(List<LargeCommunity> values) implements PathAttribute {
        public LargeCommunities {
            values = FrozenList.copyOf(values);
        }

        public int code() {
            return LARGE_COMMUNITY;
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }
    }

    /** One large community: global administrator, local data part 1 and 2 (each unsigned 32 bits). */
    record LargeCommunity(long global, long local1, long local2) {
        @Override
        public int hashCode() {
            return Long.hashCode(global * 961 + local1 * 31 + local2);
        }

        @Override
        public String toString() {
            return global + ":" + local1 + ":" + local2;
        }
    }

    /**
     * An attribute this speaker does not interpret. Optional transitive ones are passed on
     * unchanged with the Partial bit set (RFC 4271 §5); others are dropped on re-advertisement.
     */
    record Unknown(int flags, int code, byte[] value) implements PathAttribute {
        public Unknown {
            value = value.clone();
            flags &= ~FLAG_EXTENDED_LENGTH;
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public boolean isOptionalTransitive() {
            return (flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) == (FLAG_OPTIONAL | FLAG_TRANSITIVE);
        }

        /** This attribute as it is passed on to another peer: Partial set, or null when it must be dropped. */
        public Unknown forReadvertisement() {
            return isOptionalTransitive() ? new Unknown(flags | FLAG_PARTIAL, code, value) : null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.flags == flags && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return (flags * 31 + code) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[flags=0x" + Integer.toHexString(flags) + ", code=" + code + ", value="
                    + HexFormat.of().formatHex(value) + "]";
        }
    }
}

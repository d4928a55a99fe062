package io.muslin.bgp.rib;

import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.bgp.wire.PackedAttributes;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The attributes of a path, shared by every prefix that has them (GoBGP's shared originInfo):
 * the path attributes without NEXT_HOP and MP_(UN)REACH, plus the next hops. Received sets are
 * interned per peer through its paths ({@link PeerPaths}), the sets this speaker makes (export,
 * import filters, its own routes) through {@link AttrSets}, so every route with equal attributes
 * points at one object. The fields best-path selection needs are computed once here.
 */
public final class AttrSet {
    /** LOCAL_PREF assumed when a path has none (RFC 4271 §9.1.1: the local default). */
    public static final long DEFAULT_LOCAL_PREF = 100;

    /** The attributes decoded; null when they are kept {@link #packed}. */
    private final List<PathAttribute> attributes;
    /** The attributes in their wire encoding ({@link PackedAttributes}); null when kept decoded. */
    private final byte[] packed;
    private final List<IpAddress> nextHops;
    private final int hash;

    final long localPref;
    final boolean hasLocalPref;
    final int asPathLength;
    final long neighborAs;
    final int origin;
    final long med;
    final boolean hasOriginatorId;
    final int originatorId;
    final int clusterListLength;
    final boolean noExport;
    final boolean noAdvertise;

    /** The same set kept packed: the hash and the best-path fields are the decoded set's. */
    private AttrSet(AttrSet decoded, byte[] packed) {
        this.attributes = null;
        this.packed = packed;
        this.nextHops = decoded.nextHops;
        this.hash = decoded.hash;
        this.localPref = decoded.localPref;
        this.hasLocalPref = decoded.hasLocalPref;
        this.asPathLength = decoded.asPathLength;
        this.neighborAs = decoded.neighborAs;
        this.origin = decoded.origin;
        this.med = decoded.med;
        this.hasOriginatorId = decoded.hasOriginatorId;
        this.originatorId = decoded.originatorId;
        this.clusterListLength = decoded.clusterListLength;
        this.noExport = decoded.noExport;
        this.noAdvertise = decoded.noAdvertise;
    }

    private AttrSet(List<PathAttribute> attributes, List<IpAddress> nextHops) {
        this.attributes = attributes;
        this.packed = null;
        this.nextHops = nextHops;
        this.hash = attributes.hashCode() * 31 + nextHops.hashCode();
        // One pass over the attributes for what best-path selection and export read (the first of each kind counts).
        PathAttribute.LocalPref lp = null;
        AsPath path = null;
        PathAttribute.Origin o = null;
        PathAttribute.MultiExitDisc m = null;
        PathAttribute.OriginatorId oid = null;
        PathAttribute.ClusterList cl = null;
        PathAttribute.Communities c = null;
        for (int i = 0; i < attributes.size(); i++) {
            PathAttribute a = attributes.get(i);
            if (a instanceof PathAttribute.LocalPref x) {
                lp = lp == null ? x : lp;
            } else if (a instanceof AsPath x) {
                path = path == null ? x : path;
            } else if (a instanceof PathAttribute.Origin x) {
                o = o == null ? x : o;
            } else if (a instanceof PathAttribute.MultiExitDisc x) {
                m = m == null ? x : m;
            } else if (a instanceof PathAttribute.OriginatorId x) {
                oid = oid == null ? x : oid;
            } else if (a instanceof PathAttribute.ClusterList x) {
                cl = cl == null ? x : cl;
            } else if (a instanceof PathAttribute.Communities x) {
                c = c == null ? x : c;
            }
        }
        hasLocalPref = lp != null;
        localPref = lp == null ? DEFAULT_LOCAL_PREF : lp.value();
        asPathLength = path == null ? 0 : path.pathLength();
        long first = path == null ? -1 : path.firstAs();
        neighborAs = first < 0 ? 0 : first;
        origin = o == null ? 2 : o.value();
        med = m == null ? 0 : m.value();
        hasOriginatorId = oid != null;
        originatorId = oid == null ? 0 : oid.routerId();
        clusterListLength = cl == null ? 0 : cl.clusterIds().size();
        boolean export = false, advertise = false;
        List<Integer> values = c == null ? List.of() : c.values();
        for (int i = 0; i < values.size(); i++) {
            int v = values.get(i);
            export |= v == PathAttribute.Communities.NO_EXPORT || v == PathAttribute.Communities.NO_EXPORT_SUBCONFED;
            advertise |= v == PathAttribute.Communities.NO_ADVERTISE;
        }
        noExport = export;
        noAdvertise = advertise;
    }

    /**
     * An attribute set (not yet interned). NEXT_HOP and MP_(UN)REACH in {@code attributes} are
     * ignored: the next hops are given separately. The rest is kept sorted by type code.
     */
    public static AttrSet of(List<PathAttribute> attributes, List<IpAddress> nextHops) {
        PathAttribute[] kept = new PathAttribute[attributes.size()];
        int n = 0;
        boolean sorted = true;
        for (int i = 0; i < attributes.size(); i++) {
            PathAttribute a = attributes.get(i);
            if (!(a instanceof PathAttribute.NextHop || a instanceof PathAttribute.MpReach
                    || a instanceof PathAttribute.MpUnreach)) {
                sorted &= n == 0 || kept[n - 1].code() <= a.code();
                kept[n++] = a;
            }
        }
        if (n < kept.length) {
            kept = Arrays.copyOf(kept, n);
        }
        if (!sorted) {
            Arrays.sort(kept, BY_CODE);
        }
        return new AttrSet(List.of(kept), List.copyOf(nextHops));
    }

    private static final Comparator<PathAttribute> BY_CODE = Comparator.comparingInt(PathAttribute::code);

    /**
     * The same set kept in its wire encoding when every attribute packs (a few dozen octets instead
     * of the decoded records), else this set. Equal to this one; attributes are decoded when asked for.
     */
    public AttrSet packed() {
        if (packed != null || !PackedAttributes.packable(attributes)) {
            return this;
        }
        return new AttrSet(this, PackedAttributes.pack(attributes));
    }

    /**
     * As {@link #packed()}, with the encoding given: {@code packed} must be
     * {@code PackedAttributes.pack(attributes())} (the decoder copies it from the message).
     */
    public AttrSet packedAs(byte[] packed) {
        return this.packed != null ? this : new AttrSet(this, packed);
    }

    /** True when the attributes are kept in their wire encoding ({@link #packed()}). */
    public boolean isPacked() {
        return packed != null;
    }

    /** The attributes, sorted by type code (decoded anew on each call when the set is packed). */
    public List<PathAttribute> attributes() {
        return attributes != null ? attributes : List.copyOf(PackedAttributes.unpack(packed));
    }

    public List<IpAddress> nextHops() {
        return nextHops;
    }

    public <T extends PathAttribute> T find(Class<T> kind) {
        if (packed != null) {
            int code = codeOf(kind);
            PathAttribute a = code < 0 ? null : PackedAttributes.find(packed, code);
            return a == null ? null : kind.cast(a);
        }
        for (int i = 0; i < attributes.size(); i++) {
            if (kind.isInstance(attributes.get(i))) {
                return kind.cast(attributes.get(i));
            }
        }
        return null;
    }

    /** The type code of the attributes of a kind that packs; -1 for the others (never in a packed set). */
    private static int codeOf(Class<? extends PathAttribute> kind) {
        Integer code = CODES.get(kind);
        return code == null ? -1 : code;
    }

    private static final Map<Class<? extends PathAttribute>, Integer> CODES = Map.ofEntries(
            Map.entry(PathAttribute.Origin.class, PathAttribute.ORIGIN),
            Map.entry(AsPath.class, PathAttribute.AS_PATH),
            Map.entry(PathAttribute.MultiExitDisc.class, PathAttribute.MULTI_EXIT_DISC),
            Map.entry(PathAttribute.LocalPref.class, PathAttribute.LOCAL_PREF),
            Map.entry(PathAttribute.AtomicAggregate.class, PathAttribute.ATOMIC_AGGREGATE),
            Map.entry(PathAttribute.Aggregator.class, PathAttribute.AGGREGATOR),
            Map.entry(PathAttribute.Communities.class, PathAttribute.COMMUNITIES),
            Map.entry(PathAttribute.OriginatorId.class, PathAttribute.ORIGINATOR_ID),
            Map.entry(PathAttribute.ClusterList.class, PathAttribute.CLUSTER_LIST),
            Map.entry(PathAttribute.ExtendedCommunities.class, PathAttribute.EXTENDED_COMMUNITIES),
            Map.entry(PathAttribute.LargeCommunities.class, PathAttribute.LARGE_COMMUNITY));

    public AsPath asPath() {
        AsPath p = find(AsPath.class);
        return p == null ? AsPath.EMPTY : p;
    }

    public long localPref() {
        return localPref;
    }

    /** A copy with the attribute of the same type code replaced (or added). */
    public AttrSet with(PathAttribute attribute) {
        List<PathAttribute> all = attributes();
        List<PathAttribute> out = new ArrayList<>(all.size() + 1);
        for (PathAttribute a : all) {
            if (a.code() != attribute.code()) {
                out.add(a);
            }
        }
        out.add(attribute);
        return of(out, nextHops);
    }

    /** A copy without the attributes of these type codes. */
    public AttrSet without(int... codes) {
        List<PathAttribute> all = attributes();
        List<PathAttribute> out = new ArrayList<>(all.size());
        outer:
        for (PathAttribute a : all) {
            for (int c : codes) {
                if (a.code() == c) {
                    continue outer;
                }
            }
            out.add(a);
        }
        return out.size() == all.size() ? this : new AttrSet(List.copyOf(out), nextHops);
    }

    public AttrSet withNextHops(List<IpAddress> hops) {
        if (hops.equals(nextHops)) {
            return this;
        }
        AttrSet moved = new AttrSet(attributes(), List.copyOf(hops));
        return packed != null ? new AttrSet(moved, packed) : moved;
    }

    /** A copy with {@code asns} prepended to the AS_PATH's leading sequence (RFC 4271 §5.1.2). */
    public AttrSet prepend(long... asns) {
        AsPath path = asPath();
        List<AsPathSegment> segs = new ArrayList<>(path.segments());
        if (!segs.isEmpty() && segs.getFirst().type() == AsPathSegment.AS_SEQUENCE) {
            AsPathSegment first = segs.removeFirst();
            long[] joined = new long[asns.length + first.size()];
            System.arraycopy(asns, 0, joined, 0, asns.length);
            System.arraycopy(first.asns(), 0, joined, asns.length, first.size());
            segs.addFirst(AsPathSegment.sequence(joined));
        } else {
            segs.addFirst(AsPathSegment.sequence(asns));
        }
        return with(new AsPath(segs));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AttrSet a) || a.hash != hash) {
            return false;
        }
        if (a == this) {
            return true;
        }
        boolean same = packed != null && a.packed != null ? Arrays.equals(packed, a.packed) : attributes().equals(a.attributes());
        return same && a.nextHops.equals(nextHops);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return attributes() + " via " + nextHops;
    }
}

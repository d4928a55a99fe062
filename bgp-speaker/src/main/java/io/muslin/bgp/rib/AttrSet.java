package io.muslin.bgp.rib;

import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    private final List<PathAttribute> attributes;
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

    private AttrSet(List<PathAttribute> attributes, List<IpAddress> nextHops) {
        this.attributes = attributes;
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
        noExport = c != null && (c.values().contains(PathAttribute.Communities.NO_EXPORT)
                || c.values().contains(PathAttribute.Communities.NO_EXPORT_SUBCONFED));
        noAdvertise = c != null && c.values().contains(PathAttribute.Communities.NO_ADVERTISE);
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

    public List<PathAttribute> attributes() {
        return attributes;
    }

    public List<IpAddress> nextHops() {
        return nextHops;
    }

    public <T extends PathAttribute> T find(Class<T> kind) {
        for (PathAttribute a : attributes) {
            if (kind.isInstance(a)) {
                return kind.cast(a);
            }
        }
        return null;
    }

    public AsPath asPath() {
        AsPath p = find(AsPath.class);
        return p == null ? AsPath.EMPTY : p;
    }

    public long localPref() {
        return localPref;
    }

    /** A copy with the attribute of the same type code replaced (or added). */
    public AttrSet with(PathAttribute attribute) {
        List<PathAttribute> out = new ArrayList<>(attributes.size() + 1);
        for (PathAttribute a : attributes) {
            if (a.code() != attribute.code()) {
                out.add(a);
            }
        }
        out.add(attribute);
        return of(out, nextHops);
    }

    /** A copy without the attributes of these type codes. */
    public AttrSet without(int... codes) {
        List<PathAttribute> out = new ArrayList<>(attributes.size());
        outer:
        for (PathAttribute a : attributes) {
            for (int c : codes) {
                if (a.code() == c) {
                    continue outer;
                }
            }
            out.add(a);
        }
        return out.size() == attributes.size() ? this : new AttrSet(List.copyOf(out), nextHops);
    }

    public AttrSet withNextHops(List<IpAddress> hops) {
        return hops.equals(nextHops) ? this : new AttrSet(attributes, List.copyOf(hops));
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
        return o instanceof AttrSet a && a.hash == hash && a.attributes.equals(attributes) && a.nextHops.equals(nextHops);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return attributes + " via " + nextHops;
    }
}

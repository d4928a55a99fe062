package io.muslin.bgp.rib;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the RIB knows about one source of routes: a peer, or this speaker itself (kind LOCAL). Its
 * Adj-RIB-In (before import policy), its interned paths, counters and, while established, its
 * Adj-RIB-Out. Touched only on the RIB's thread.
 */
public final class RibPeer {
    public enum Kind { LOCAL, INTERNAL, EXTERNAL }

    private final int index;
    private final String name;
    private final IpAddress address;
    private Kind kind;
    private long asNumber;
    private int bgpId;
    PeerPolicy policy;

    int generation;
    /** The paths of the current generation that Loc-RIB routes use, by attributes. */
    final PeerPaths paths = new PeerPaths();
    /** The next hops of the last attribute set received, so the sets of one peer share one list. */
    List<IpAddress> lastNextHops = List.of();
    /**
     * The Adj-RIB-In, before import policy. While the import policy passes every route unchanged
     * ({@link #compactAdjIn}), a route the peer sent is its path in the Loc-RIB, and this table
     * keeps only the routes that are not there (dropped as loops): one table write less per route.
     */
    PrefixTable<AttrSet> adjIn = new PrefixTable<>();
    boolean compactAdjIn;
    /** This table's content from before a graceful restart, kept until End-of-RIB or the restart time. */
    PrefixTable<AttrSet> staleAdjIn;
    /** Families whose routes are stale, waiting for the peer's End-of-RIB (RFC 4724); empty when not restarting. */
    final Set<AfiSafi> staleFamilies = new HashSet<>();
    int accepted;
    AdjRibOut out;
    List<AfiSafi> families = List.of();
    boolean maxPrefixWarned;

    RibPeer(int index, String name, IpAddress address, Kind kind, long asNumber, PeerPolicy policy) {
        this.index = index;
        this.name = name;
        this.address = address;
        this.kind = kind;
        this.asNumber = asNumber;
        this.policy = policy;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public IpAddress address() {
        return address;
    }

    public Kind kind() {
        return kind;
    }

    public long asNumber() {
        return asNumber;
    }

    public int bgpId() {
        return bgpId;
    }

    public PeerPolicy policy() {
        return policy;
    }

    void sessionUp(long as, int id, Kind k, List<AfiSafi> f) {
        this.asNumber = as;
        this.bgpId = id;
        this.kind = k;
        this.families = List.copyOf(f);
    }

    /** The interned path for these (post-policy) attributes in the current generation. */
    Path path(AttrSet attrs) {
        Path p = paths.get(attrs);
        if (p == null) {
            p = new Path(this, attrs, generation);
            paths.add(p);
        }
        return p;
    }

    /** No Loc-RIB route uses the path any more: it leaves the interning table (if it is still there). */
    void unused(Path p) {
        paths.remove(p);
    }

    /** Prefixes accepted from this peer (after import policy). */
    public int accepted() {
        return accepted;
    }

    /** Prefixes held from this peer before import policy (its Adj-RIB-In). */
    public int receivedPrefixes() {
        int stale = staleAdjIn == null ? 0 : staleAdjIn.size();
        return compactAdjIn ? accepted + adjIn.size() + stale : adjIn.size() + stale;
    }

    public int advertised() {
        return out == null ? 0 : out.sentCount();
    }

    public boolean isRestarting() {
        return !staleFamilies.isEmpty();
    }

    @Override
    public String toString() {
        return "RibPeer[" + name + " " + kind + " AS" + asNumber + "]";
    }
}

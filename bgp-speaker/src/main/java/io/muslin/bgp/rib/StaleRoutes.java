package io.muslin.bgp.rib;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The helper side of graceful restart (RFC 4724 §4.2): a restarting peer's routes are kept,
 * their paths of an old generation (stale), until the peer sends them again and its End-of-RIB
 * sweeps the rest, or its restart time runs out. RIB thread only.
 */
final class StaleRoutes {
    private static final Logger log = LoggerFactory.getLogger(StaleRoutes.class);

    private final LocRib loc;

    StaleRoutes(LocRib loc) {
        this.loc = loc;
    }

    /** The peer's session ended and it may restart: everything it sent is kept, as stale. */
    void keep(RibPeer p) {
        if (p.staleAdjIn == null) {
            p.staleAdjIn = p.adjIn;
        } else {
            p.adjIn.forEach(p.staleAdjIn::put);
        }
        p.adjIn = new PrefixTable<>();
        p.generation++;
        p.paths.clear();
        p.staleFamilies.addAll(p.families.isEmpty() ? List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST) : p.families);
        log.info("peer {}: restarting gracefully, {} routes kept as stale", p.name(), p.receivedPrefixes());
    }

    /**
     * The routes whose best path is {@code p}'s and now stale, as consumers see them: they hold
     * immutable values, so these are handed over again (same next hops, marked stale).
     */
    List<RouteChange> nowStale(RibPeer p) {
        List<RouteChange> out = new ArrayList<>();
        loc.forEach((x, v) -> {
            if (LocRib.bestOf(v).peer == p) {
                out.add(new RouteChange(x, loc.routeOf(v)));
            }
        });
        return Collections.unmodifiableList(out);
    }

    /**
     * A restarted peer whose new OPEN has no GR capability, or lacks the F bit (forwarding state
     * preserved) for a family, lost that forwarding state: the family's stale routes go now
     * rather than at its End-of-RIB.
     */
    void dropNotPreserved(RibPeer p, Capability.GracefulRestart gr) {
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            boolean kept = gr != null && gr.families().stream().anyMatch(g -> g.family().equals(f) && g.forwardingPreserved());
            if (!kept && p.staleFamilies.contains(f)) {
                sweep(p, f);
            }
        }
    }

    /**
     * Drops the routes of one family (or all when null) that the restarted peer has not sent again
     * (their paths are of the old generation), and forgets what it sent before for that family.
     */
    void sweep(RibPeer p, AfiSafi family) {
        List<IpPrefix> gone = new ArrayList<>();
        loc.forEach((x, v) -> {
            Path path = LocRib.pathOf(v, p);
            if (path != null && path.isStale() && (family == null || AfiSafi.of(x).equals(family))) {
                gone.add(x);
            }
        });
        for (IpPrefix x : gone) {
            loc.removePath(p, x);
        }
        if (p.staleAdjIn != null) {
            List<IpPrefix> old = new ArrayList<>();
            p.staleAdjIn.forEach((x, a) -> {
                if (family == null || AfiSafi.of(x).equals(family)) {
                    old.add(x);
                }
            });
            old.forEach(p.staleAdjIn::remove);
        }
        if (family == null) {
            p.staleFamilies.clear();
        } else {
            p.staleFamilies.remove(family);
        }
        if (p.staleFamilies.isEmpty()) {
            p.staleAdjIn = null;
        }
        log.info("peer {}: {} stale routes dropped{}", p.name(), gone.size(), family == null ? "" : " for " + family);
    }
}

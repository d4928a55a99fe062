package io.muslin.bgp.rib;

import java.util.List;

/**
 * A consumer of the Loc-RIB (the route programmer). It first gets a snapshot of every route,
 * then every change in order. Called on the RIB's thread: it must not block. The lists and the
 * {@link RouteChange}s in them are immutable values, safe to keep and to hand to another thread.
 */
public interface LocRibListener {
    /**
     * @param complete false while the speaker restarts gracefully and waits for its peers'
     *                 End-of-RIB: routes missing from an incomplete snapshot must not be removed yet
     */
    void snapshot(List<RouteChange> routes, boolean complete);

    /**
     * Changes in the order they happened; a prefix may appear more than once (the later wins).
     * A route whose best path's peer starts a graceful restart comes again with
     * {@link BestRoute#stale()} set and the same next hops.
     */
    void changes(List<RouteChange> changes);
}

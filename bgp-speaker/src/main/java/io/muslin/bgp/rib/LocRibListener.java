package io.muslin.bgp.rib;

import java.util.List;

/**
 * A consumer of the Loc-RIB (the route programmer). It first gets a snapshot of every route,
 * then every change in order. Called on the RIB's thread: it must not block.
 */
public interface LocRibListener {
    /**
     * @param complete false while the speaker restarts gracefully and waits for its peers'
     *                 End-of-RIB: routes missing from an incomplete snapshot must not be removed yet
     */
    void snapshot(List<RouteChange> routes, boolean complete);

    void changes(List<RouteChange> changes);
}

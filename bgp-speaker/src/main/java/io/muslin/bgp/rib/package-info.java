/**
 * The routing information bases and what the speaker chooses and tells whom.
 *
 * <p>{@link io.muslin.bgp.rib.RibCore} is single-threaded and free of I/O: an Adj-RIB-In per peer
 * (before import policy), the Loc-RIB (a primitive {@code PrefixIdTable} from each prefix to the id
 * of its entry: an interned {@link io.muslin.bgp.rib.Path}, or a {@code Destination} when several
 * peers offer a prefix), and an Adj-RIB-Out per established peer ({@code AdjRibOut}: pending
 * announcements grouped by attribute set, pending withdrawals, End-of-RIB after the first table).
 * {@link io.muslin.bgp.rib.Rib} runs it on one thread (the one-writer rule) with its timers.
 * {@code LocRib} holds the Loc-RIB and the batch's change log, {@code ImportPolicy} the loop
 * checks, import filters and mesh-peer pools; routing settings (pools, cluster id, next hops)
 * change at runtime ({@link io.muslin.bgp.rib.RibCore#setRouting}). Consumers
 * ({@link io.muslin.bgp.rib.LocRibListener}) get immutable {@link io.muslin.bgp.rib.RouteChange}s.
 * Attribute sets are interned (received ones per peer through its paths, {@code PeerPaths}, which
 * forget a path no route uses; the speaker's own through {@link io.muslin.bgp.rib.AttrSets}): most
 * routes share one object.
 *
 * <p>RFCs: 4271 §9 (decision process, {@link io.muslin.bgp.rib.BestPath}, with reasons and a
 * multipath set), 4456 (route reflection, ORIGINATOR_ID and CLUSTER_LIST loop checks),
 * 1997 (NO_EXPORT, NO_ADVERTISE), 4724 (graceful restart: helper keeps stale routes until
 * End-of-RIB or the restart time; restarting speaker defers selection), 2918 (route refresh:
 * everything sent again), 4486 (Cease 6/1 on max-prefix), 7606 (AFI/SAFI disable drops the
 * family). Filters follow Calico's BGPFilter ({@link io.muslin.bgp.settings.Filter}, evaluated by
 * {@code Filters}).
 */
package io.muslin.bgp.rib;

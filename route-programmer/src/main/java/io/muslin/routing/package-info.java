/**
 * The route programmer's pure part: from learned routes (BGP Loc-RIB), this node's interfaces,
 * the pools ({@code ipipMode}/{@code vxlanMode}: Always, CrossSubnet, Never) and this node's own
 * blocks ({@link io.muslin.routing.NodeIntent}), {@link io.muslin.routing.RoutePlanner} computes
 * the kernel routes (host-gw, ipip via {@code tunl0 onlink}, vxlan with neighbour and FDB
 * entries, ToR, blackholes, ECMP) and the tunnel devices — the whole plan at once, or one route
 * at a time through a {@link io.muslin.routing.PlanContext}. No I/O; the reconciler in
 * {@code io.muslin.routing.reconcile} applies plans. Depends on nothing of Muslin but net-types
 * and the netlink value types.
 */
package io.muslin.routing;

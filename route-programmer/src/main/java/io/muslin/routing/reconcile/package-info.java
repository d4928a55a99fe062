/**
 * Applies the planner's output to a kernel behind {@link io.muslin.netlink.Netlink}:
 * {@link io.muslin.routing.reconcile.RouteReconciler} (ownership by route protocol, delete first,
 * per-route errors, nothing written before the first dump, resync on timer and on request,
 * idempotent) and the tunnel devices. Logic only: the kernel and the clock are interfaces, so
 * the tests run it against {@link io.muslin.netlink.fake.FakeNetlink} and a fake clock.
 */
package io.muslin.routing.reconcile;

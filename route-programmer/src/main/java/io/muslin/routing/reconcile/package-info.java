/**
 * Applies plans to a kernel behind {@link io.muslin.netlink.Netlink}:
 * {@link io.muslin.routing.reconcile.RouteReconciler} keeps one state per destination (learned
 * next hops, own block, plan, kernel route, problem) and applies either only what changed
 * (incremental) or everything against a fresh dump (resync, matched by {@code KernelDiff}); ownership by route protocol,
 * deletes first, exclusive adds for routes not seen, per-route errors retried, nothing written
 * before the first dump, nothing of ours deleted while the Loc-RIB is incomplete; the tunnel
 * devices and vxlan entries; counts and per-route status; {@link io.muslin.routing.reconcile.Cleanup}.
 * Logic only: the kernel and the clock are interfaces, so the tests run it against
 * {@link io.muslin.netlink.fake.FakeNetlink} and a fake clock.
 */
package io.muslin.routing.reconcile;

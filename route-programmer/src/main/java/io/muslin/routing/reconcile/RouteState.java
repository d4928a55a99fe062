package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Route;
import io.muslin.routing.Plan;
import io.muslin.routing.Plan.Hop;
import java.util.List;

/**
 * What the reconciler knows of one destination: why it wants it (learned next hops, an own
 * block), what it decided (the hops), what the kernel has of ours there, and why not as wanted.
 * Kept small, as there may be a million: the hops list is shared by every route with the same
 * decision, the kernel route is built when it is written and not kept, and the kernel's route is
 * kept only when it differs from the plan. Mutable, owned by the reconciler's thread; readers get
 * {@link RouteStatus}.
 */
final class RouteState {
    final IpPrefix prefix;
    /** Next hops from the Loc-RIB; null when not learned. */
    List<IpAddress> learned;
    /** One of this node's blocks: a blackhole, whatever is learned. */
    boolean own;
    /** The decision: null when there is nothing to route (or no usable next hop); empty for a blackhole. */
    List<Hop> hops;
    /** Our route is in the kernel exactly as planned. */
    boolean asPlanned;
    /** Our route under our key as the kernel has it, when it is there and not as planned; else null. */
    Route installed;
    /** Why the route is not installed as planned; null: no problem known. */
    String problem;
    /** During an apply only: the kernel route to write (null: not routable). */
    Route desired;
    /** The resync generation whose dump last showed our route here. */
    int seen;
    /** Queued for the next apply. */
    boolean dirty;
    /** Taken out of the counts for the apply in progress. */
    boolean inRound;

    RouteState(IpPrefix prefix) {
        this.prefix = prefix;
    }

    /** Something of ours is in the kernel under our key. */
    boolean inKernel() {
        return asPlanned || installed != null;
    }

    /** The plan as a value (for reports), or null. */
    Plan.DesiredRoute planned() {
        return hops == null ? null : new Plan.DesiredRoute(prefix, hops.isEmpty(), hops);
    }

    /** Nothing wants it and nothing of ours is in the kernel: the state can go. */
    boolean empty() {
        return learned == null && !own && !inKernel();
    }
}

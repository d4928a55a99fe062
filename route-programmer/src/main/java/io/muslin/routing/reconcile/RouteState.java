package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Route;
import io.muslin.routing.Plan.DesiredRoute;
import java.util.List;

/**
 * What the reconciler knows of one destination: why it wants it (learned next hops, an own
 * block), what it decided (the plan and its kernel form), what the kernel has of ours there, and
 * why not as wanted. Mutable, owned by the reconciler's thread; readers get {@link RouteStatus}.
 */
final class RouteState {
    final IpPrefix prefix;
    /** Next hops from the Loc-RIB; null when not learned. */
    List<IpAddress> learned;
    /** One of this node's blocks: a blackhole, whatever is learned. */
    boolean own;
    /** The decision; null when there is nothing to route or no usable next hop. */
    DesiredRoute planned;
    /** The kernel route to write; null when not planned or a device it needs is missing. */
    Route desired;
    /** Our route under the desired key as the kernel has it (last dump or write); null: none. */
    Route installed;
    /** Why the route is not installed as planned; null: no problem known. */
    String problem;
    /** The resync generation whose dump last showed our route here. */
    int seen;
    /** Queued for the next apply. */
    boolean dirty;
    /** Taken out of the counts for the apply in progress. */
    boolean inRound;

    RouteState(IpPrefix prefix) {
        this.prefix = prefix;
    }

    boolean installedAsPlanned() {
        return desired != null && installed != null && (installed == desired || KernelForm.same(installed, desired));
    }

    /** Nothing wants it and nothing of ours is in the kernel: the state can go. */
    boolean empty() {
        return learned == null && !own && installed == null;
    }
}

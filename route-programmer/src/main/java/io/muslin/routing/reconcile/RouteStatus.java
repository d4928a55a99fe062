package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.routing.RouteKind;
import java.util.List;

/**
 * One route as {@code muslin routes} and {@code /status} show it: the prefix, its learned next
 * hops (empty for an own block), how it leaves this node (null when it is not routed), the
 * devices, and whether it is in the kernel as planned or the reason it is not: the plan's
 * problem, a missing device, the kernel's errno, a foreign route on the destination, or a stale
 * route of ours kept until the Loc-RIB is complete.
 */
public record RouteStatus(IpPrefix prefix, List<IpAddress> nextHops, RouteKind kind, List<String> devices,
                          boolean installed, String reason) {

    public RouteStatus {
        nextHops = List.copyOf(nextHops);
        devices = List.copyOf(devices);
    }

    @Override
    public String toString() {
        return prefix + " " + (kind == null ? "-" : kind.label()) + " via " + nextHops + " dev " + devices
                + (installed ? " installed" : " not installed: " + reason);
    }
}

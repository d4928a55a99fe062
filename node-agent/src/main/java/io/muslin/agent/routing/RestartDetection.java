package io.muslin.agent.routing;

import io.muslin.netlink.Netlink;
import io.muslin.netlink.Route;

/**
 * Whether a previous run of the agent left its routes in the kernel: then this start is a graceful
 * restart with the forwarding state preserved (RFC 4724's F bit, said truthfully), and the route
 * programmer deletes nothing until the Loc-RIB is complete again.
 *
 * @param restarting   routes of ours are in the kernel
 * @param routesFound  how many (for the start-up log)
 */
public record RestartDetection(boolean restarting, int routesFound) {

    /** Counts the routes with our protocol number in {@code table}, both families. */
    public static RestartDetection inspect(Netlink netlink, int protocol, int table) {
        int n = 0;
        for (Route r : netlink.routeList(0)) {
            if (r.protocol() == protocol && r.table() == table) {
                n++;
            }
        }
        return new RestartDetection(n > 0, n);
    }
}

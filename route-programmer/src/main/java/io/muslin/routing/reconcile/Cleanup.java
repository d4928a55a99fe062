package io.muslin.routing.reconcile;

import io.muslin.netlink.Addr;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Request;
import io.muslin.netlink.Route;
import io.muslin.netlink.wire.Errno;
import io.muslin.routing.PlannerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes everything the route programmer owns, for a node leaving for good ({@code muslin node
 * cleanup}): every route of our protocol in our table (learned routes and own-block blackholes),
 * the vxlan device (its neighbour and FDB entries go with it), and the addresses on
 * {@code tunl0} (the device itself belongs to the kernel's ipip module and stays). Routes of
 * other protocols and other devices are not touched.
 */
public final class Cleanup {
    private Cleanup() {
    }

    public static CleanupReport removeAll(Netlink kernel, PlannerConfig config) {
        List<RouteError> errors = new ArrayList<>();
        int routes = 0;
        try {
            Batch dels = new Batch();
            for (Route r : kernel.routeList(0)) {
                if (r.protocol() == config.protocol() && r.table() == config.table()) {
                    dels.routeDel(Route.to(r.dst()).table(r.table()).protocol(r.protocol()).type(r.type())
                            .priority(r.priority()).build());
                }
            }
            BatchResult res = kernel.apply(dels);
            routes = dels.size();
            for (NetlinkException e : res.failures()) {
                if (e.errno() != Errno.ESRCH) {
                    routes--;
                    errors.add(new RouteError(((Request.RouteDel) e.request()).target().dst().toString(), "delete", e.errnoName()));
                }
            }
        } catch (NetlinkException e) {
            errors.add(new RouteError("kernel", "route dump", e.getMessage()));
        }
        boolean vxlanDeleted = false;
        try {
            Optional<Link> vx = kernel.linkByName(config.vxlanDevice());
            if (vx.isPresent()) {
                kernel.linkDel(vx.get().index());
                vxlanDeleted = true;
            }
        } catch (NetlinkException e) {
            errors.add(new RouteError(config.vxlanDevice(), "delete device", e.getMessage()));
        }
        int addresses = 0;
        try {
            Optional<Link> tunl = kernel.linkByName(config.ipipDevice());
            if (tunl.isPresent()) {
                for (Addr a : kernel.addrList(0)) {
                    if (a.ifIndex() == tunl.get().index()) {
                        kernel.addrDel(a);
                        addresses++;
                    }
                }
            }
        } catch (NetlinkException e) {
            errors.add(new RouteError(config.ipipDevice(), "remove addresses", e.getMessage()));
        }
        return new CleanupReport(routes, addresses, vxlanDeleted, errors);
    }
}

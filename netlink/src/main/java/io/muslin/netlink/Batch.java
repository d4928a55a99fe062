package io.muslin.netlink;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes sent together: many messages per {@code sendmsg}, and each error the kernel reports
 * mapped back to the request that caused it ({@link BatchResult}). Requests are applied in order.
 */
public final class Batch {
    private final List<Request> requests;

    public Batch() {
        requests = new ArrayList<>();
    }

    /** A batch with room for {@code expected} requests. */
    public Batch(int expected) {
        requests = new ArrayList<>(expected);
    }

    public Batch add(Request r) {
        requests.add(r);
        return this;
    }

    public Batch routeAdd(Route r) {
        return add(new Request.RouteAdd(r));
    }

    public Batch routeReplace(Route r) {
        return add(new Request.RouteReplace(r));
    }

    public Batch routeDel(Route r) {
        return add(new Request.RouteDel(r));
    }

    public Batch neighReplace(Neigh n) {
        return add(new Request.NeighReplace(n));
    }

    public Batch fdbAppend(Neigh n) {
        return add(new Request.FdbAppend(n));
    }

    public Batch neighDel(Neigh n) {
        return add(new Request.NeighDel(n));
    }

    public Batch addrAdd(Addr a) {
        return add(new Request.AddrAdd(a));
    }

    public Batch addrDel(Addr a) {
        return add(new Request.AddrDel(a));
    }

    public List<Request> requests() {
        return requests;
    }

    public int size() {
        return requests.size();
    }

    public boolean isEmpty() {
        return requests.isEmpty();
    }
}

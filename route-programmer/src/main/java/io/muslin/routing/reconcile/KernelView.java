package io.muslin.routing.reconcile;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.Route;
import io.muslin.routing.HostInterface;
import io.muslin.routing.PlannerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reconciler last read of the kernel: links, addresses (as the planner's interfaces),
 * the neighbour entries, and the routes of other protocols in our table (by key, with their
 * protocol) — the last only to name the owner of a destination the kernel refuses to give us.
 */
final class KernelView {
    private final Netlink kernel;
    private final PlannerConfig config;
    private List<Link> links = List.of();
    private List<Addr> addrs = List.of();
    private Map<String, Link> byName = Map.of();
    private List<Neigh> neighbours = List.of();
    private final Map<Route.Key, Integer> foreign = new HashMap<>();

    KernelView(Netlink kernel, PlannerConfig config) {
        this.kernel = kernel;
        this.config = config;
    }

    /**
     * Dumps routes, links, addresses and neighbours; returns every route of every table (ours are
     * those {@link #ours} says; not copied into a list of their own, as they may be 100,000). The
     * caller's one walk over them hands the others' routes in our table to {@link #noteForeign}.
     */
    List<Route> read() {
        List<Route> routes = kernel.routeList(0);
        List<Link> l = kernel.linkList();
        List<Addr> a = kernel.addrList(0);
        List<Neigh> n = new ArrayList<>(kernel.neighList(IpAddress.AF_INET));
        n.addAll(kernel.neighList(Neigh.AF_BRIDGE));
        foreign.clear();
        setLinks(l, a);
        neighbours = n;
        return routes;
    }

    /** A route in our table. */
    boolean inOurTable(Route r) {
        return r.table() == config.table();
    }

    /** A route of ours: our protocol in our table. */
    boolean ours(Route r) {
        return r.table() == config.table() && r.protocol() == config.protocol();
    }

    /** Someone else's route in our table, from the last {@link #read}: its owner is named if it holds a key we want. */
    void noteForeign(Route r) {
        foreign.put(r.key(), r.protocol());
    }

    /** Links and addresses again (after devices were created or changed). */
    void refreshLinks() {
        setLinks(kernel.linkList(), kernel.addrList(0));
    }

    private void setLinks(List<Link> l, List<Addr> a) {
        links = l;
        addrs = a;
        Map<String, Link> m = new HashMap<>();
        for (Link x : l) {
            if (x.name() != null) {
                m.put(x.name(), x);
            }
        }
        byName = m;
    }

    Map<String, Link> byName() {
        return byName;
    }

    List<Addr> addrs() {
        return addrs;
    }

    List<Neigh> neighbours() {
        return neighbours;
    }

    /** The protocol of the route of someone else on {@code key} at the last dump, or null. */
    Integer foreignOwner(Route.Key key) {
        return foreign.get(key);
    }

    Map<Integer, String> names() {
        Map<Integer, String> m = new HashMap<>();
        for (Link l : links) {
            m.put(l.index(), l.name());
        }
        return m;
    }

    /** Every link with its addresses, as the planner sees interfaces. */
    List<HostInterface> hostInterfaces() {
        Map<Integer, List<InterfaceAddress>> byIndex = new HashMap<>();
        for (Addr a : addrs) {
            byIndex.computeIfAbsent(a.ifIndex(), k -> new ArrayList<>()).add(a.address());
        }
        List<HostInterface> out = new ArrayList<>();
        for (Link l : links) {
            out.add(new HostInterface(l.name(), l.mtu(), l.up(), byIndex.getOrDefault(l.index(), List.of())));
        }
        return out;
    }
}

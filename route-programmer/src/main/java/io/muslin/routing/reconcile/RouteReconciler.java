package io.muslin.routing.reconcile;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.NextHop;
import io.muslin.netlink.Request;
import io.muslin.netlink.Route;
import io.muslin.netlink.wire.Errno;
import io.muslin.routing.HostInterface;
import io.muslin.routing.Intent;
import io.muslin.routing.Plan;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.RoutePlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Desired routes vs the kernel (Felix's delta tracker and BIRD's krt scan, in one small class).
 * <ul>
 *   <li>Ownership: a route is ours when it carries our protocol number in our table; only those
 *       are ever deleted. A foreign route holding a key we want is left alone and reported.</li>
 *   <li>Nothing is written before the first successful dump of the kernel.</li>
 *   <li>The kernel is re-read on a timer and whenever {@link #requestResync} is called (link or
 *       address changes: an interface that goes down and up loses its routes silently).</li>
 *   <li>Deletes first, then replaces; errors are collected per route and retried next time.</li>
 *   <li>A second {@link #apply} with nothing new writes nothing.</li>
 * </ul>
 * Not thread-safe by itself: {@link io.muslin.routing.linux.RouteProgrammer} calls it from one thread.
 */
public final class RouteReconciler {
    /** The metric the kernel gives an IPv6 route added with none ({@code IP6_RT_PRIO_USER}). */
    static final int IP6_RT_PRIO_USER = 1024;
    private final Netlink kernel;
    private final PlannerConfig config;
    private final RoutePlanner planner;
    private final Clock clock;
    private final long resyncMillis;

    private boolean synced;
    private boolean resyncRequested = true;
    private long nextResyncAt;
    // Our routes as last dumped; the map view is built only when needed (a write, or a route missing).
    private List<Route> oursDumped = List.of();
    private Map<Route.Key, Route> oursMap;
    private final Map<Route.Key, Integer> foreign = new HashMap<>();
    private List<Link> links = List.of();
    private List<Addr> addrs = List.of();
    private final List<Neigh> vxlanEntries = new ArrayList<>();
    private TunnelStatus tunnels = TunnelStatus.NONE;

    public RouteReconciler(Netlink kernel, PlannerConfig config, Clock clock, long resyncMillis) {
        this.kernel = kernel;
        this.config = config;
        this.planner = new RoutePlanner(config);
        this.clock = clock;
        this.resyncMillis = resyncMillis;
    }

    /** The next {@link #apply} re-reads the kernel first (link/address change, overrun, route removed by hand). */
    public void requestResync() {
        resyncRequested = true;
    }

    /** True when the timer says the kernel should be re-read. */
    public boolean resyncDue() {
        return !synced || resyncRequested || clock.millis() >= nextResyncAt;
    }

    /** Whether the kernel has been read successfully at least once. */
    public boolean synced() {
        return synced;
    }

    public TunnelStatus tunnels() {
        return tunnels;
    }

    public ReconcileReport apply(Intent intent) {
        List<RouteError> errors = new ArrayList<>();
        boolean resynced = false;
        if (resyncDue()) {
            try {
                readKernel();
            } catch (NetlinkException e) {
                errors.add(new RouteError("kernel", "dump", e.getMessage() + "; nothing written"));
                return new ReconcileReport(false, 0, 0, 0, 0, errors, List.of(), tunnels);
            }
            synced = true;
            resyncRequested = false;
            nextResyncAt = clock.millis() + resyncMillis;
            resynced = true;
        }
        List<HostInterface> interfaces = hostInterfaces();
        Plan plan = intent == cachedIntent && interfaces.equals(cachedInterfaces) ? cachedPlan : planner.plan(intent, interfaces);
        int[] deviceWrites = {0};
        tunnels = new TunnelDevices(kernel).ensure(plan, linksByName(), addrs, errors, deviceWrites);
        if (deviceWrites[0] > 0) {
            refreshLinks();
        }
        Map<String, Link> byName = linksByName();
        int neighbourWrites = reconcileVxlanPeers(plan, byName, errors);

        Map<Route.Key, Route> desired = desiredRoutes(intent, interfaces, plan, byName, errors);
        // One pass over what the kernel has of ours, then (only if something is missing) one over the rest.
        Batch dels = new Batch();
        Batch reps = new Batch();
        int matched = 0;
        for (Route have : oursMap != null ? oursMap.values() : oursDumped) {
            Route want = desired.get(have.key());
            if (want == null) {
                dels.routeDel(Route.to(have.dst()).table(have.table()).protocol(config.protocol()).type(have.type())
                        .priority(have.priority()).build());
            } else if (same(have, want)) {
                matched++;
            } else {
                reps.routeReplace(want);
            }
        }
        if (matched + reps.size() < desired.size()) {
            for (Route want : desired.values()) {
                if (ours().containsKey(want.key())) {
                    continue;
                }
                Integer other = foreign.get(want.key());
                if (other != null) {
                    errors.add(new RouteError(want.dst().toString(), "replace",
                            "a foreign route (proto " + other + ") holds this destination; left alone"));
                    continue;
                }
                reps.routeReplace(want);
            }
        }
        int deleted = 0;
        if (!dels.isEmpty()) {
            BatchResult res = kernel.apply(dels);
            var failed = new HashSet<Route.Key>();
            for (NetlinkException e : res.failures()) {
                Route r = ((Request.RouteDel) e.request()).target();
                if (e.errno() == Errno.ESRCH) {
                    continue; // already gone: fine
                }
                failed.add(r.key());
                errors.add(new RouteError(r.dst().toString(), "delete", e.errnoName() + (e.extAck() != null ? " (" + e.extAck() + ")" : "")));
            }
            for (Request q : dels.requests()) {
                Route.Key k = ((Request.RouteDel) q).target().key();
                if (!failed.contains(k)) {
                    ours().remove(k);
                    deleted++;
                }
            }
        }
        int replaced = 0;
        if (!reps.isEmpty()) {
            BatchResult res = kernel.apply(reps);
            var failed = new HashSet<Route.Key>();
            for (NetlinkException e : res.failures()) {
                Route r = ((Request.RouteReplace) e.request()).target();
                failed.add(r.key());
                errors.add(new RouteError(r.toString(), "replace", e.errnoName() + (e.extAck() != null ? " (" + e.extAck() + ")" : "")));
            }
            for (Request q : reps.requests()) {
                Route r = ((Request.RouteReplace) q).target();
                if (!failed.contains(r.key())) {
                    ours().put(r.key(), r);
                    replaced++;
                }
            }
        }
        return new ReconcileReport(resynced, deleted, replaced, neighbourWrites, deviceWrites[0], errors, plan.problems(), tunnels);
    }

    // The last plan and its kernel routes, reused while the intent (same object) and the interfaces
    // (names, MTUs, up, addresses, device indexes) are unchanged: a timer resync then costs a dump and a diff.
    private Intent cachedIntent;
    private List<HostInterface> cachedInterfaces;
    private Plan cachedPlan;
    private Map<String, Integer> cachedIndexes;
    private Map<Route.Key, Route> cachedDesired;
    private List<RouteError> cachedErrors;

    private Map<Route.Key, Route> desiredRoutes(Intent intent, List<HostInterface> interfaces, Plan plan,
                                                Map<String, Link> byName, List<RouteError> errors) {
        Map<String, Integer> indexes = new HashMap<>();
        byName.forEach((k, v) -> indexes.put(k, v.index()));
        if (plan == cachedPlan && indexes.equals(cachedIndexes) && tunnels.equals(cachedTunnels)) {
            errors.addAll(cachedErrors);
            return cachedDesired;
        }
        List<RouteError> planErrors = new ArrayList<>();
        Map<Route.Key, Route> desired = new LinkedHashMap<>(plan.routes().size() * 2);
        for (Plan.DesiredRoute d : plan.routes()) {
            Route r = toKernel(d, byName, planErrors);
            if (r != null) {
                desired.put(r.key(), r);
            }
        }
        cachedIntent = intent;
        cachedInterfaces = interfaces;
        cachedPlan = plan;
        cachedIndexes = indexes;
        cachedTunnels = tunnels;
        cachedDesired = desired;
        cachedErrors = planErrors;
        errors.addAll(planErrors);
        return desired;
    }

    private TunnelStatus cachedTunnels;

    private void readKernel() {
        List<Route> routes = kernel.routeList(0);
        List<Link> l = kernel.linkList();
        List<Addr> a = kernel.addrList(0);
        List<Neigh> n = new ArrayList<>(kernel.neighList(IpAddress.AF_INET));
        n.addAll(kernel.neighList(Neigh.AF_BRIDGE));
        List<Route> mine = new ArrayList<>(routes.size());
        foreign.clear();
        for (Route r : routes) {
            if (r.table() != config.table()) {
                continue;
            }
            if (r.protocol() == config.protocol()) {
                mine.add(r);
            } else {
                foreign.put(r.key(), r.protocol());
            }
        }
        oursDumped = mine;
        oursMap = null;
        links = l;
        addrs = a;
        vxlanEntries.clear();
        Link vx = linksByName().get(config.vxlanDevice());
        if (vx != null) {
            for (Neigh x : n) {
                if (x.ifIndex() == vx.index() && x.dst() != null && x.lladdr() != null
                        && (x.isFdb() || (x.state() & Neigh.NUD_PERMANENT) != 0)) {
                    vxlanEntries.add(x);
                }
            }
        }
    }

    private Map<Route.Key, Route> ours() {
        if (oursMap == null) {
            oursMap = new HashMap<>(oursDumped.size() * 2);
            for (Route r : oursDumped) {
                oursMap.put(r.key(), r);
            }
        }
        return oursMap;
    }

    private void refreshLinks() {
        links = kernel.linkList();
        addrs = kernel.addrList(0);
    }

    private Map<String, Link> linksByName() {
        Map<String, Link> m = new HashMap<>();
        for (Link l : links) {
            if (l.name() != null) {
                m.put(l.name(), l);
            }
        }
        return m;
    }

    private List<HostInterface> hostInterfaces() {
        List<HostInterface> out = new ArrayList<>();
        for (Link l : links) {
            List<InterfaceAddress> as = addrs.stream().filter(a -> a.ifIndex() == l.index()).map(Addr::address).toList();
            out.add(new HostInterface(l.name(), l.mtu(), l.up(), as));
        }
        return out;
    }

    private Route toKernel(Plan.DesiredRoute d, Map<String, Link> byName, List<RouteError> errors) {
        Route.Builder b = Route.to(d.dst()).table(config.table()).protocol(config.protocol());
        if (d.dst().v6()) {
            b.priority(IP6_RT_PRIO_USER); // the kernel stores IPv6 metric 0 as 1024: say so, or the keys never match
        }
        if (d.blackhole()) {
            return b.blackhole().build();
        }
        List<NextHop> hops = new ArrayList<>();
        for (Plan.Hop h : d.hops()) {
            int idx = 0;
            if (h.device() != null) {
                Link l = byName.get(h.device());
                if (l == null) {
                    String why = "needs device " + h.device() + ", which does not exist";
                    if (h.encap() == Plan.Encap.IPIP && tunnels.ipip() == TunnelStatus.State.UNSUPPORTED) {
                        why += " (this kernel has no ipip support; not installed, no fallback)";
                    }
                    errors.add(new RouteError(d.toString(), "plan", why));
                    continue;
                }
                idx = l.index();
            }
            hops.add(new NextHop(h.via(), idx, 1, h.onlink()));
        }
        if (hops.isEmpty()) {
            return null;
        }
        if (hops.size() == 1) {
            NextHop h = hops.getFirst();
            b.via(h.gateway()).dev(h.ifIndex());
            if (h.onlink()) {
                b.onlink();
            }
        } else {
            hops.forEach(b::nextHop);
        }
        return b.build();
    }

    /** Same as far as we care: what the kernel reports back for what we wrote. */
    static boolean same(Route have, Route want) {
        // A device we left to the kernel (ToR mode: "via NH" only) comes back filled in: not a difference.
        if (have.type() != want.type() || !Objects.equals(have.gateway(), want.gateway())
                || (want.oif() != 0 && have.oif() != want.oif()) || have.onlink() != want.onlink() || have.mtu() != want.mtu()) {
            return false;
        }
        List<NextHop> h = have.nextHops();
        List<NextHop> w = want.nextHops();
        if (h.size() != w.size()) {
            return false;
        }
        if (h.isEmpty() || h.equals(w)) {
            return true;
        }
        List<NextHop> hn = new ArrayList<>(h.size());
        for (int i = 0; i < h.size(); i++) {
            NextHop x = h.get(i);
            boolean anyDev = w.stream().anyMatch(y -> y.ifIndex() == 0 && Objects.equals(y.gateway(), x.gateway()));
            hn.add(anyDev ? new NextHop(x.gateway(), 0, x.weight(), x.onlink()) : x);
        }
        return new HashSet<>(hn).equals(new HashSet<>(w));
    }

    private int reconcileVxlanPeers(Plan plan, Map<String, Link> byName, List<RouteError> errors) {
        Link vx = byName.get(config.vxlanDevice());
        List<Neigh> want = new ArrayList<>();
        if (vx != null && plan.vxlan() != null) {
            for (Plan.VxlanPeer p : plan.vxlanPeers()) {
                want.add(Neigh.permanent(vx.index(), p.nodeIp(), p.mac()));
                want.add(Neigh.fdb(vx.index(), p.mac(), p.nodeIp()));
            }
        }
        int currentIndex = vx == null ? -1 : vx.index();
        vxlanEntries.removeIf(x -> x.ifIndex() != currentIndex);
        Batch b = new Batch();
        List<Neigh> toDelete = new ArrayList<>();
        for (Neigh have : vxlanEntries) {
            if (want.stream().noneMatch(w -> sameEntry(w, have))) {
                b.neighDel(have);
                toDelete.add(have);
            }
        }
        List<Neigh> toAdd = new ArrayList<>();
        for (Neigh w : want) {
            if (vxlanEntries.stream().noneMatch(h -> sameEntry(w, h))) {
                if (w.isFdb()) {
                    b.fdbAppend(w);
                } else {
                    b.neighReplace(w);
                }
                toAdd.add(w);
            }
        }
        if (b.isEmpty()) {
            return 0;
        }
        BatchResult res = kernel.apply(b);
        var failed = new HashSet<Object>();
        for (NetlinkException e : res.failures()) {
            failed.add(e.request().target());
            if (!(e.request() instanceof Request.NeighDel && e.errno() == Errno.ENOENT)) {
                errors.add(new RouteError(e.request().target().toString(), e.request().verb(), e.errnoName()));
            }
        }
        vxlanEntries.removeAll(toDelete);
        for (Neigh w : toAdd) {
            if (!failed.contains(w)) {
                vxlanEntries.add(w);
            }
        }
        return b.size();
    }

    private static boolean sameEntry(Neigh a, Neigh b) {
        return a.isFdb() == b.isFdb() && a.ifIndex() == b.ifIndex() && Objects.equals(a.dst(), b.dst())
                && Objects.equals(a.lladdr(), b.lladdr());
    }
}

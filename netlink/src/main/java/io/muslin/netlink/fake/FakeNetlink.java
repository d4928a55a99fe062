package io.muslin.netlink.fake;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkEvent;
import io.muslin.netlink.NetlinkEvents;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.NextHop;
import io.muslin.netlink.Request;
import io.muslin.netlink.Route;
import io.muslin.netlink.RouteType;
import io.muslin.netlink.Rt;
import io.muslin.netlink.wire.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A stateful in-memory kernel for tests of code that uses {@link Netlink}: links, addresses,
 * routes (keyed as the kernel keys them), neighbours and FDB entries; the kernel's checks that
 * matter here (EEXIST, ESRCH, ENODEV, ENETDOWN, ENETUNREACH for an off-link gateway); a link
 * set down loses its routes, as in Linux; failure injection; and a count of writes.
 */
public final class FakeNetlink implements Netlink, NetlinkEvents {
    private final Map<Integer, Link> links = new LinkedHashMap<>();
    private final List<Addr> addrs = new ArrayList<>();
    private final Map<Route.Key, Route> routes = new LinkedHashMap<>();
    private final List<Neigh> neighs = new ArrayList<>();
    private final Map<String, Integer> failRoutes = new HashMap<>();
    private int nextIndex = 2;
    private int failDumps;
    private boolean ipipSupported = true;
    private int writes;
    private int dumps;
    private final List<String> log = new ArrayList<>();
    private final List<Consumer<NetlinkEvent>> listeners = new CopyOnWriteArrayList<>();

    /** A kernel with only the loopback device, as a new network namespace has it (up here). */
    public FakeNetlink() {
        links.put(1, new Link(1, "lo", Link.IFF_UP | Link.IFF_LOOPBACK | Link.IFF_RUNNING | Link.IFF_LOWER_UP, 65536,
                new MacAddress(0), null, null));
        addrs.add(new Addr(1, InterfaceAddress.parse("127.0.0.1/8"), Rt.SCOPE_HOST, Addr.IFA_F_PERMANENT, "lo"));
    }

    // ---- events ----------------------------------------------------------------------------

    /**
     * Events as an owner's monitor ({@code NetlinkMonitor.startForOwner}) sees them: links added,
     * changed and deleted; addresses; routes added or deleted by someone else ({@link #putRoute},
     * {@link #removeRoute}) but not the route writes made through this handle. Like Linux,
     * routes lost with a link that goes down vanish without an event. Delivered on the thread
     * that made the change.
     */
    @Override
    public AutoCloseable subscribe(Consumer<NetlinkEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void emit(NetlinkEvent e) {
        for (Consumer<NetlinkEvent> l : listeners) {
            l.accept(e);
        }
    }

    /** The kernel dropped events for the listeners (ENOBUFS). */
    public void overrun() {
        emit(new NetlinkEvent.Overrun());
    }

    // ---- test controls ---------------------------------------------------------------------

    /** Adds a physical-like interface, up, with addresses ("10.0.0.1/24"); returns its index. */
    public synchronized int addInterface(String name, int mtu, String... cidrs) {
        int idx = nextIndex++;
        putLink(new Link(idx, name, Link.IFF_UP | Link.IFF_LOWER_UP, mtu, new MacAddress(0x020000000000L + idx), null, null));
        for (String c : cidrs) {
            addrs.add(Addr.of(idx, c));
        }
        return idx;
    }

    /**
     * Adds a link of {@code kind} ("bridge", "veth", "dummy", null for physical) with the given
     * flags ({@link Link#IFF_UP}, {@link Link#IFF_LOWER_UP}, ...) and no address; returns its index.
     */
    public synchronized int addLink(String name, String kind, int flags, int mtu) {
        int idx = nextIndex++;
        putLink(new Link(idx, name, flags, mtu, new MacAddress(0x020000000000L + idx), kind, null));
        return idx;
    }

    /** Adds an address as it is, with its scope, flags and label (no checks). */
    public synchronized void addAddress(Addr a) {
        addrs.add(a);
    }

    /** The next {@code n} dumps fail with EINTR-like errors (EBUSY). */
    public synchronized void failNextDumps(int n) {
        failDumps = n;
    }

    /** Every write touching this destination fails with {@code errno} until cleared (errno 0). */
    public synchronized void failRoute(String dst, int errno) {
        if (errno == 0) {
            failRoutes.remove(dst);
        } else {
            failRoutes.put(dst, errno);
        }
    }

    /** Kernels built without CONFIG_NET_IPIP answer RTM_NEWLINK kind ipip with EOPNOTSUPP. */
    public synchronized void setIpipSupported(boolean supported) {
        ipipSupported = supported;
    }

    /** Requests that changed (or tried to change) state: routes, links, addresses, neighbours. */
    public synchronized int writes() {
        return writes;
    }

    public synchronized int dumps() {
        return dumps;
    }

    /** Every batched request in order, as "route del 10.1.0.0/24 ...". */
    public synchronized List<String> log() {
        return new ArrayList<>(log);
    }

    /** A route put in by someone else (another protocol, or "by hand"). */
    public synchronized void putRoute(Route r) {
        routes.put(r.key(), r);
        emit(new NetlinkEvent.RouteChanged(r, false));
    }

    /** A route removed behind our back. */
    public synchronized void removeRoute(String dst) {
        List<Route> gone = routes.values().stream().filter(r -> r.dst().toString().equals(dst)).toList();
        gone.forEach(r -> routes.remove(r.key()));
        gone.forEach(r -> emit(new NetlinkEvent.RouteChanged(r, true)));
    }

    public synchronized List<Route> routes() {
        return new ArrayList<>(routes.values());
    }

    public synchronized List<Neigh> neighbours() {
        return new ArrayList<>(neighs);
    }

    // ---- Netlink ---------------------------------------------------------------------------




    @Override
    public synchronized List<Route> routeList(int family) {
        dump("route dump");
        return routes.values().stream().filter(r -> family == 0 || r.family() == family).toList();
    }

    private void dump(String what) {
        dumps++;
        if (failDumps > 0) {
            failDumps--;
            throw new NetlinkException(what, 16, "injected failure");
        }
    }

    /**
     * As the kernel's lookup: an address of this host answers as a local route; otherwise the
     * longest match among the connected subnets of up links and the routes of table main; a
     * blackhole answers EINVAL, unreachable EHOSTUNREACH, nothing ENETUNREACH. The source is the
     * output link's address on the gateway's (or destination's) subnet, else its first one.
     */
    @Override
    public synchronized Route routeGet(IpAddress dst) {
        IpPrefix host = IpPrefix.host(dst);
        for (Addr a : addrs) {
            if (a.ip().equals(dst) || (a.ifIndex() == 1 && a.subnet().contains(dst))) {
                return Route.to(host).table(Rt.TABLE_LOCAL).protocol(Rt.PROT_KERNEL).type(RouteType.LOCAL)
                        .dev(1).src(dst).build(); // local addresses answer through lo
            }
        }
        int bestLen = -1;
        Route best = null;
        for (Addr a : addrs) {
            Link l = links.get(a.ifIndex());
            if (l != null && l.up() && a.prefixLength() > bestLen && a.subnet().contains(dst)) {
                bestLen = a.prefixLength();
                best = Route.to(host).protocol(Rt.PROT_KERNEL).dev(a.ifIndex()).src(a.ip()).build();
            }
        }
        for (Route r : routes.values()) {
            if (r.table() == Rt.TABLE_MAIN && r.dst().length() > bestLen && r.dst().contains(dst)) {
                bestLen = r.dst().length();
                best = r;
            }
        }
        if (best == null) {
            throw new NetlinkException("route get " + dst, Errno.ENETUNREACH, null);
        }
        switch (best.type()) {
            case BLACKHOLE -> throw new NetlinkException("route get " + dst, Errno.EINVAL, null);
            case UNREACHABLE -> throw new NetlinkException("route get " + dst, Errno.EHOSTUNREACH, null);
            default -> {
            }
        }
        if (best.dst().equals(host) && best.prefSrc() != null) {
            return best;
        }
        int oif = best.oif() != 0 ? best.oif() : best.nextHops().isEmpty() ? 0 : best.nextHops().getFirst().ifIndex();
        IpAddress gw = best.gateway() != null ? best.gateway()
                : best.nextHops().isEmpty() ? null : best.nextHops().getFirst().gateway();
        if (oif == 0 && gw != null) {
            Link l = connectedLink(gw);
            oif = l == null ? 0 : l.index();
        }
        IpAddress on = gw != null ? gw : dst;
        int out = oif;
        IpAddress src = best.prefSrc() != null ? best.prefSrc() : addrs.stream()
                .filter(a -> a.ifIndex() == out && a.family() == dst.family())
                .sorted((x, y) -> Boolean.compare(!x.subnet().contains(on), !y.subnet().contains(on)))
                .map(Addr::ip).findFirst().orElse(null);
        return Route.to(host).protocol(best.protocol()).via(gw).dev(oif).src(src).build();
    }

    @Override
    public synchronized BatchResult apply(Batch batch) {
        List<NetlinkException> failures = new ArrayList<>();
        for (Request r : batch.requests()) {
            writes++;
            log.add(r.verb() + " " + r.target());
            int e = applyOne(r);
            if (e != 0) {
                failures.add(new NetlinkException(r, e, null));
            }
        }
        return new BatchResult(batch.size(), failures);
    }

    private int applyOne(Request req) {
        switch (req) {
            case Request.RouteAdd(Route r) -> {
                int e = check(r);
                if (e != 0) {
                    return e;
                }
                if (routes.containsKey(r.key())) {
                    return Errno.EEXIST;
                }
                routes.put(r.key(), r);
                return 0;
            }
            case Request.RouteReplace(Route r) -> {
                int e = check(r);
                if (e != 0) {
                    return e;
                }
                routes.put(r.key(), r);
                return 0;
            }
            case Request.RouteDel(Route r) -> {
                Integer f = failRoutes.get(r.dst().toString());
                if (f != null) {
                    return f;
                }
                Route have = routes.get(r.key());
                if (have == null || (r.protocol() != 0 && have.protocol() != r.protocol())) {
                    return Errno.ESRCH;
                }
                routes.remove(r.key());
                return 0;
            }
            case Request.NeighReplace(Neigh n) -> {
                if (!links.containsKey(n.ifIndex())) {
                    return Errno.ENODEV;
                }
                neighs.removeIf(x -> sameNeigh(x, n));
                neighs.add(n);
                return 0;
            }
            case Request.FdbAppend(Neigh n) -> {
                if (!links.containsKey(n.ifIndex())) {
                    return Errno.ENODEV;
                }
                neighs.removeIf(x -> x.equals(n));
                neighs.add(n);
                return 0;
            }
            case Request.NeighDel(Neigh n) -> {
                return neighs.removeIf(x -> sameNeigh(x, n)) ? 0 : Errno.ENOENT;
            }
            case Request.AddrAdd(Addr a) -> {
                if (!links.containsKey(a.ifIndex())) {
                    return Errno.ENODEV;
                }
                if (addrs.stream().anyMatch(x -> x.ifIndex() == a.ifIndex() && x.ip().equals(a.ip()))) {
                    return Errno.EEXIST;
                }
                addrs.add(a);
                emit(new NetlinkEvent.AddrChanged(a, false));
                return 0;
            }
            case Request.AddrDel(Addr a) -> {
                List<Addr> gone = addrs.stream().filter(x -> x.ifIndex() == a.ifIndex() && x.ip().equals(a.ip())).toList();
                addrs.removeAll(gone);
                gone.forEach(x -> emit(new NetlinkEvent.AddrChanged(x, true)));
                return gone.isEmpty() ? Errno.EADDRNOTAVAIL : 0;
            }
        }
    }

    private static boolean sameNeigh(Neigh x, Neigh n) {
        return x.family() == n.family() && x.ifIndex() == n.ifIndex() && Objects.equals(x.dst(), n.dst())
                && (!n.isFdb() || Objects.equals(x.lladdr(), n.lladdr()));
    }

    private int check(Route r) {
        Integer f = failRoutes.get(r.dst().toString());
        if (f != null) {
            return f;
        }
        List<NextHop> hops = r.nextHops().isEmpty()
                ? (r.oif() == 0 && r.gateway() == null ? List.of() : List.of(new NextHop(r.gateway(), r.oif(), 1, r.onlink())))
                : r.nextHops();
        for (NextHop h : hops) {
            if (h.ifIndex() == 0) {
                if (h.gateway() != null && connectedLink(h.gateway()) == null) {
                    return Errno.ENETUNREACH;
                }
                continue;
            }
            Link l = links.get(h.ifIndex());
            if (l == null) {
                return Errno.ENODEV;
            }
            if (!l.up()) {
                return Errno.ENETDOWN;
            }
            if (h.gateway() != null && !h.onlink() && !onSubnet(h.ifIndex(), h.gateway())) {
                return Errno.ENETUNREACH;
            }
        }
        return 0;
    }

    private boolean onSubnet(int idx, IpAddress gw) {
        return addrs.stream().anyMatch(a -> a.ifIndex() == idx && a.prefixLength() < a.ip().bitLength() && a.subnet().contains(gw));
    }

    private Link connectedLink(IpAddress gw) {
        return links.values().stream().filter(l -> l.up() && onSubnet(l.index(), gw)).findFirst().orElse(null);
    }

    @Override
    public synchronized List<Link> linkList() {
        dump("link dump");
        return new ArrayList<>(links.values());
    }

    @Override
    public synchronized Optional<Link> linkByName(String name) {
        return links.values().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    @Override
    public synchronized void linkAdd(LinkSpec spec) {
        writes++;
        if (links.values().stream().anyMatch(l -> l.name().equals(spec.name()))) {
            throw new NetlinkException("link add " + spec, Errno.EEXIST, null);
        }
        if (spec instanceof LinkSpec.Ipip && !ipipSupported) {
            throw new NetlinkException("link add " + spec, Errno.EOPNOTSUPP, null);
        }
        int idx = nextIndex++;
        switch (spec) {
            case LinkSpec.Ipip t -> putLink(new Link(idx, t.name(), 0, 1480, null, "ipip", t));
            case LinkSpec.Vxlan x -> putLink(new Link(idx, x.name(), 0, x.mtu() == 0 ? 1450 : x.mtu(),
                    x.mac() != null ? x.mac() : new MacAddress(0x020000000000L + idx), "vxlan",
                    new LinkSpec.Vxlan(x.name(), x.vni(), x.local(), x.port(), x.learning(), 0, null)));
            case LinkSpec.Veth v -> {
                putLink(new Link(idx, v.name(), 0, 1500, new MacAddress(0x020000000000L + idx), "veth", null));
                int peer = nextIndex++;
                putLink(new Link(peer, v.peerName(), 0, 1500, new MacAddress(0x020000000000L + peer), "veth", null));
            }
        }
    }

    @Override
    public synchronized void linkDel(int index) {
        writes++;
        Link gone = links.remove(index);
        if (gone == null) {
            throw new NetlinkException("link del #" + index, Errno.ENODEV, null);
        }
        emit(new NetlinkEvent.LinkChanged(gone, true));
        dropRoutesVia(index);
        addrs.removeIf(a -> a.ifIndex() == index);
        neighs.removeIf(n -> n.ifIndex() == index);
    }

    @Override
    public synchronized void linkSetUp(int index, boolean up) {
        writes++;
        Link l = link(index);
        int flags = up ? l.flags() | Link.IFF_UP | Link.IFF_LOWER_UP : l.flags() & ~(Link.IFF_UP | Link.IFF_LOWER_UP);
        putLink(l.withFlags(flags));
        if (!up) {
            dropRoutesVia(index); // Linux removes IPv4 routes through a device that goes down
        }
    }

    private void dropRoutesVia(int index) {
        routes.values().removeIf(r -> r.oif() == index || r.nextHops().stream().anyMatch(h -> h.ifIndex() == index));
    }

    @Override
    public synchronized void linkSetMtu(int index, int mtu) {
        writes++;
        Link l = link(index);
        putLink(l.withMtu(mtu));
    }

    @Override
    public synchronized void linkSetAddress(int index, MacAddress mac) {
        writes++;
        Link l = link(index);
        putLink(l.withAddress(mac));
    }

    @Override
    public synchronized void linkSetNetns(int index, String namespace) {
        writes++;
        emit(new NetlinkEvent.LinkChanged(links.remove(link(index).index()), true));
    }

    private void putLink(Link l) {
        links.put(l.index(), l);
        emit(new NetlinkEvent.LinkChanged(l, false));
    }

    private Link link(int index) {
        Link l = links.get(index);
        if (l == null) {
            throw new NetlinkException("link #" + index, Errno.ENODEV, null);
        }
        return l;
    }

    @Override
    public synchronized List<Addr> addrList(int family) {
        dump("address dump");
        return addrs.stream().filter(a -> family == 0 || a.family() == family).toList();
    }



    @Override
    public synchronized List<Neigh> neighList(int family) {
        dump("neighbour dump");
        return neighs.stream().filter(n -> family == 0 || n.family() == family).toList();
    }



    @Override
    public void close() {
    }
}

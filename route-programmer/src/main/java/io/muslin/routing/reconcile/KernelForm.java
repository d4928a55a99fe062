package io.muslin.routing.reconcile;

import io.muslin.netlink.Link;
import io.muslin.netlink.NextHop;
import io.muslin.netlink.Route;
import io.muslin.netlink.RouteType;
import io.muslin.netlink.Rt;
import io.muslin.routing.Plan;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.reconcile.TunnelStatus.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A planned route in the kernel's terms: device names become indexes, our protocol and table,
 * IPv6's metric 1024 said explicitly; and the comparison of what the kernel reports with what we
 * wrote. One instance per set of device indexes; hops are converted once and shared.
 */
final class KernelForm {
    /** The metric the kernel gives an IPv6 route added with none ({@code IP6_RT_PRIO_USER}). */
    static final int IP6_RT_PRIO_USER = 1024;

    private final PlannerConfig config;
    private final Map<String, Link> byName;
    private final TunnelStatus tunnels;
    private final Map<Plan.Hop, Object> hops = new HashMap<>();

    KernelForm(PlannerConfig config, Map<String, Link> byName, TunnelStatus tunnels) {
        this.config = config;
        this.byName = byName;
        this.tunnels = tunnels;
    }

    /** The key our route for {@code d} has in the kernel. */
    Route.Key key(Plan.DesiredRoute d) {
        return new Route.Key(config.table(), d.dst(), d.dst().v6() ? IP6_RT_PRIO_USER : 0);
    }

    /** The kernel route, or null with the reason in {@code problem[0]} when no hop's device exists. */
    Route toKernel(Plan.DesiredRoute d, String[] problem) {
        if (!d.blackhole() && d.hops().size() == 1) {
            // The common case, built directly: one next hop, as Route.Builder would make it.
            Object nh = hops.computeIfAbsent(d.hops().getFirst(), this::nextHop);
            if (nh instanceof NextHop h) {
                return new Route(d.dst(), config.table(), config.protocol(), Rt.SCOPE_UNIVERSE, RouteType.UNICAST, h.gateway(),
                        h.ifIndex(), h.onlink(), List.of(), 0, d.dst().v6() ? IP6_RT_PRIO_USER : 0, null);
            }
            problem[0] = (String) nh;
            return null;
        }
        Route.Builder b = Route.to(d.dst()).table(config.table()).protocol(config.protocol());
        if (d.dst().v6()) {
            b.priority(IP6_RT_PRIO_USER); // the kernel stores IPv6 metric 0 as 1024: say so, or the keys never match
        }
        if (d.blackhole()) {
            return b.blackhole().build();
        }
        List<NextHop> out = new ArrayList<>(d.hops().size());
        String why = null;
        for (Plan.Hop h : d.hops()) {
            Object nh = hops.computeIfAbsent(h, this::nextHop);
            if (nh instanceof NextHop n) {
                out.add(n);
            } else {
                why = (String) nh;
            }
        }
        if (out.isEmpty()) {
            problem[0] = why;
            return null;
        }
        if (out.size() == 1) {
            NextHop h = out.getFirst();
            b.via(h.gateway()).dev(h.ifIndex());
            if (h.onlink()) {
                b.onlink();
            }
        } else {
            out.forEach(b::nextHop);
        }
        return b.build();
    }

    private Object nextHop(Plan.Hop h) {
        int idx = 0;
        if (h.device() != null) {
            Link l = byName.get(h.device());
            if (l == null) {
                String why = "needs device " + h.device() + ", which does not exist";
                if (h.encap() == Plan.Encap.IPIP && tunnels.ipip() == State.UNSUPPORTED) {
                    why += " (this kernel has no ipip support; not installed, no fallback)";
                }
                return why;
            }
            idx = l.index();
        }
        return new NextHop(h.via(), idx, 1, h.onlink());
    }

    /** The request that deletes our route {@code have} (whatever its next hops). */
    Route deletion(Route have) {
        return Route.to(have.dst()).table(have.table()).protocol(config.protocol()).type(have.type())
                .priority(have.priority()).build();
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
        for (NextHop x : h) {
            boolean anyDev = w.stream().anyMatch(y -> y.ifIndex() == 0 && Objects.equals(y.gateway(), x.gateway()));
            hn.add(anyDev ? new NextHop(x.gateway(), 0, x.weight(), x.onlink()) : x);
        }
        return new HashSet<>(hn).equals(new HashSet<>(w));
    }
}

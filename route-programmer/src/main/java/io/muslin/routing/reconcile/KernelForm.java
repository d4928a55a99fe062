package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
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
import java.util.IdentityHashMap;
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

    /** The key our route to {@code dst} has in the kernel. */
    Route.Key key(IpPrefix dst) {
        return new Route.Key(config.table(), dst, dst.v6() ? IP6_RT_PRIO_USER : 0);
    }

    /** Whether {@code r} is under the key we write its destination with ({@link #key}), without building keys. */
    boolean underOurKey(Route r) {
        return r.table() == config.table() && r.priority() == (r.dst().v6() ? IP6_RT_PRIO_USER : 0);
    }

    // What a route of each plan looks like in the kernel (or why it cannot be written), by the
    // plan's list: the planner hands out one list per decision, so a table of routes through a
    // few peers has a few entries. A resync compares 100,000 kernel routes against these instead
    // of building 100,000 routes.
    private final Map<List<Plan.Hop>, Object> templates = new IdentityHashMap<>();
    private List<Plan.Hop> lastPlanned;
    private Object lastTemplate;
    private static final IpPrefix TEMPLATE_DST = IpPrefix.of(IpAddress.any(false), 0);
    private static final int MAX_TEMPLATES = 4096;

    private Object template(List<Plan.Hop> planned) {
        if (planned == lastPlanned) {
            return lastTemplate;
        }
        Object t = templates.get(planned);
        if (t == null) {
            if (templates.size() >= MAX_TEMPLATES) {
                templates.clear();
            }
            String[] why = {null};
            Route r = toKernel(TEMPLATE_DST, planned, why);
            t = r != null ? r : Objects.requireNonNullElse(why[0], "no usable next hop");
            templates.put(planned, t);
        }
        lastPlanned = planned;
        lastTemplate = t;
        return t;
    }

    /** Why a route of the plan {@code planned} cannot be written (no device for any hop), or null when it can. */
    String problem(List<Plan.Hop> planned) {
        return template(planned) instanceof String why ? why : null;
    }

    /** Whether the kernel's {@code have} is what writing the plan {@code planned} to its destination gives ({@link #same}). */
    boolean asPlanned(Route have, List<Plan.Hop> planned) {
        return template(planned) instanceof Route t && same(have, t);
    }

    /**
     * The kernel route to {@code dst} through {@code planned} (empty: a blackhole), or null with
     * the reason in {@code problem[0]} when no hop's device exists.
     */
    Route toKernel(IpPrefix dst, List<Plan.Hop> planned, String[] problem) {
        if (planned.size() == 1) {
            // The common case, built directly: one next hop, as Route.Builder would make it.
            Object nh = hops.computeIfAbsent(planned.getFirst(), this::nextHop);
            if (nh instanceof NextHop h) {
                return new Route(dst, config.table(), config.protocol(), Rt.SCOPE_UNIVERSE, RouteType.UNICAST, h.gateway(),
                        h.ifIndex(), h.onlink(), List.of(), 0, dst.v6() ? IP6_RT_PRIO_USER : 0, null);
            }
            problem[0] = (String) nh;
            return null;
        }
        Route.Builder b = Route.to(dst).table(config.table()).protocol(config.protocol());
        if (dst.v6()) {
            b.priority(IP6_RT_PRIO_USER); // the kernel stores IPv6 metric 0 as 1024: say so, or the keys never match
        }
        if (planned.isEmpty()) {
            return b.blackhole().build();
        }
        List<NextHop> out = new ArrayList<>(planned.size());
        String why = null;
        for (Plan.Hop h : planned) {
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

    /** What the kernel holds for a plan it was given, or at least its key and type (enough to delete it). */
    Route asWritten(IpPrefix dst, List<Plan.Hop> planned) {
        Route r = toKernel(dst, planned, new String[1]);
        return r != null ? r : Route.to(dst).table(config.table()).protocol(config.protocol())
                .type(planned.isEmpty() ? RouteType.BLACKHOLE : RouteType.UNICAST).priority(dst.v6() ? IP6_RT_PRIO_USER : 0).build();
    }

    /** The request that deletes our route {@code have} (whatever its next hops): key, protocol and type. */
    Route deletion(Route have) {
        if (have.gateway() == null && have.oif() == 0 && have.nextHops().isEmpty() && have.protocol() == config.protocol()) {
            return have; // already no more than that
        }
        return deletion(have.dst(), have.type(), have.table(), have.priority());
    }

    /** What deleting our route to {@code dst} of the plan {@code planned} needs to say. */
    Route deletionOf(IpPrefix dst, List<Plan.Hop> planned) {
        return deletion(dst, planned.isEmpty() ? RouteType.BLACKHOLE : RouteType.UNICAST, config.table(),
                dst.v6() ? IP6_RT_PRIO_USER : 0);
    }

    private Route deletion(IpPrefix dst, RouteType type, int table, int priority) {
        return new Route(dst, table, config.protocol(), Rt.SCOPE_UNIVERSE, type, null, 0, false, List.of(), 0, priority, null);
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

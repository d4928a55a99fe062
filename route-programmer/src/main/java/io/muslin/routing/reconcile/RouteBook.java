package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Link;
import io.muslin.routing.Plan;
import io.muslin.routing.RouteKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Every destination the reconciler knows ({@link RouteState} by prefix), with counts by kind and
 * by outcome, and how many routes go through each vxlan peer, all kept up to date as states are
 * taken out ({@link #uncount}) and put back ({@link #count}) around each change.
 */
final class RouteBook {
    private final StateTable states = new StateTable();
    private final long[] byKind = new long[RouteKind.values().length];
    private long installed;
    private long failed;
    private long pending;
    private long kept;
    private final Map<IpAddress, Integer> vxlanPeers = new HashMap<>();
    private boolean vxlanPeersChanged;

    RouteState get(IpPrefix prefix) {
        return states.get(prefix);
    }

    RouteState getOrCreate(IpPrefix prefix) {
        return states.computeIfAbsent(prefix, RouteState::new); // one lookup: a load is all new prefixes
    }

    void remove(RouteState st) {
        states.remove(st.prefix);
    }

    Collection<RouteState> all() {
        return states.values();
    }

    int size() {
        return states.size();
    }

    void uncount(RouteState st) {
        add(st, -1);
    }

    void count(RouteState st) {
        add(st, 1);
    }

    private void add(RouteState st, int d) {
        if (st.hops != null) {
            byKind[Plan.kindOf(st.hops).ordinal()] += d;
            for (Plan.Hop h : st.hops) {
                if (h.encap() == Plan.Encap.VXLAN) {
                    int n = vxlanPeers.merge(h.via(), d, Integer::sum);
                    if (n == 0) {
                        vxlanPeers.remove(h.via());
                        vxlanPeersChanged = true;
                    } else if (n == 1 && d > 0) {
                        vxlanPeersChanged = true;
                    }
                }
            }
        }
        if (st.asPlanned) {
            installed += d;
        } else if (st.hops == null && st.installed != null) {
            kept += d;
        } else if (st.problem != null) {
            failed += d;
        } else if (st.hops != null) {
            pending += d;
        }
    }

    /** The vxlan peers (node IPs) some planned route goes through. */
    Collection<IpAddress> vxlanPeers() {
        return vxlanPeers.keySet();
    }

    /** True once since the peer set last changed. */
    boolean takeVxlanPeersChanged() {
        boolean c = vxlanPeersChanged;
        vxlanPeersChanged = false;
        return c;
    }

    RouteTotals totals() {
        Map<RouteKind, Long> kinds = new EnumMap<>(RouteKind.class);
        for (RouteKind k : RouteKind.values()) {
            if (byKind[k.ordinal()] != 0) {
                kinds.put(k, byKind[k.ordinal()]);
            }
        }
        return new RouteTotals(kinds, installed, failed, pending, kept);
    }

    /** Up to {@code limit} routes in prefix order (a bounded heap: no sort of the whole table). */
    List<RouteStatus> statuses(int limit, Map<Integer, String> deviceNames) {
        Comparator<RouteState> order = Comparator.comparing(s -> s.prefix);
        PriorityQueue<RouteState> top = new PriorityQueue<>(Math.max(1, Math.min(limit, states.size())), order.reversed());
        for (RouteState st : states.values()) {
            if (top.size() < limit) {
                top.add(st);
            } else if (limit > 0 && order.compare(st, top.peek()) < 0) {
                top.poll();
                top.add(st);
            }
        }
        List<RouteState> sorted = new ArrayList<>(top);
        sorted.sort(order);
        List<RouteStatus> out = new ArrayList<>(sorted.size());
        for (RouteState st : sorted) {
            out.add(status(st, deviceNames));
        }
        return out;
    }

    static RouteStatus status(RouteState st, Map<Integer, String> deviceNames) {
        List<String> devices = new ArrayList<>(1);
        RouteKind kind = st.hops == null ? null : Plan.kindOf(st.hops);
        if (st.hops != null) {
            for (Plan.Hop h : st.hops) {
                if (h.device() != null) {
                    devices.add(h.device());
                }
            }
        }
        boolean ok = st.asPlanned;
        String reason = ok ? null
                : st.problem != null ? st.problem
                : st.hops == null && st.installed != null ? "stale route of ours, kept until the Loc-RIB is complete"
                : "not written yet";
        return new RouteStatus(st.prefix, st.learned == null ? List.of() : st.learned, kind, devices, ok, reason);
    }

    static Map<Integer, String> names(Collection<Link> links) {
        Map<Integer, String> m = new HashMap<>();
        for (Link l : links) {
            m.put(l.index(), l.name());
        }
        return m;
    }
}

package io.muslin.routing;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.MacAddress;
import io.muslin.routing.Plan.DesiredRoute;
import io.muslin.routing.Plan.Encap;
import io.muslin.routing.Plan.Hop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encapsulation decision, as a pure function (Felix's {@code route_mgr} idea):
 * <ul>
 *   <li>next hop inside a connected subnet of an up interface → {@code via NH dev <uplink>} (host-gw);</li>
 *   <li>otherwise, in a pool with ipip Always/CrossSubnet → {@code via NH dev tunl0 onlink};</li>
 *   <li>with vxlan Always/CrossSubnet → {@code via NH dev vxlan.muslin onlink}, plus the peer's
 *       neighbour and FDB entries (its MAC is derived from its node IP);</li>
 *   <li>with neither → {@code via NH} and let the fabric route it (ToR mode);</li>
 *   <li>{@code Always} encapsulates even on the same subnet; own blocks → {@code blackhole};
 *       several next hops → multipath.</li>
 * </ul>
 */
public final class RoutePlanner {
    private final PlannerConfig config;

    public RoutePlanner(PlannerConfig config) {
        this.config = config;
    }

    /** What the decision needs apart from the learned routes; re-used while node and interfaces stay the same. */
    public PlanContext context(NodeIntent node, List<HostInterface> interfaces) {
        return new PlanContext(config, node, interfaces);
    }

    /** The whole plan at once: own-block blackholes, every learned route (duplicates merged into ECMP), devices, vxlan peers. */
    public Plan plan(Intent intent, List<HostInterface> interfaces) {
        PlanContext ctx = context(intent.node(), interfaces);
        List<String> problems = new ArrayList<>(ctx.problems());
        Map<IpPrefix, DesiredRoute> routes = new LinkedHashMap<>();
        for (IpPrefix block : intent.ownBlocks()) {
            routes.put(block, ctx.ownBlock(block));
        }
        Map<IpAddress, Plan.VxlanPeer> peers = new LinkedHashMap<>();
        List<String> found = new ArrayList<>();
        for (Map.Entry<IpPrefix, List<IpAddress>> e : merge(intent.learned()).entrySet()) {
            IpPrefix prefix = e.getKey();
            if (ctx.isOwnBlock(prefix)) {
                continue; // our own block, reflected back: the blackhole stays
            }
            found.clear();
            DesiredRoute d = ctx.learned(prefix, e.getValue(), found);
            found.forEach(f -> problems.add(prefix + ": " + f));
            if (d == null) {
                continue;
            }
            routes.put(prefix, d);
            for (Hop hop : d.hops()) {
                if (hop.encap() == Encap.VXLAN) {
                    peers.putIfAbsent(hop.via(), new Plan.VxlanPeer(hop.via(), MacAddress.fromIpv4(hop.via())));
                }
            }
        }
        return new Plan(new ArrayList<>(routes.values()), ctx.ipip(), ctx.vxlan(), new ArrayList<>(peers.values()), problems);
    }

    /** Learned routes by prefix; a prefix listed twice gets the union of its next hops (ECMP). */
    public static Map<IpPrefix, List<IpAddress>> merge(List<LearnedRoute> learned) {
        Map<IpPrefix, List<IpAddress>> merged = new LinkedHashMap<>(learned.size() * 2);
        for (LearnedRoute lr : learned) {
            if (lr.isWithdrawn()) {
                continue;
            }
            List<IpAddress> prev = merged.putIfAbsent(lr.prefix(), lr.nextHops());
            if (prev != null) {
                List<IpAddress> union = new ArrayList<>(prev);
                for (IpAddress a : lr.nextHops()) {
                    if (!union.contains(a)) {
                        union.add(a);
                    }
                }
                merged.put(lr.prefix(), List.copyOf(union));
            }
        }
        return merged;
    }

    /** The most specific pool containing the prefix, or null. */
    static Pool poolFor(IpPrefix prefix, List<Pool> pools) {
        Pool best = null;
        for (Pool p : pools) {
            if (p.cidr().contains(prefix) && (best == null || p.cidr().length() > best.cidr().length())) {
                best = p;
            }
        }
        return best;
    }

    /** The up interface with a connected subnet (not a /32 or /128) containing {@code nh}, or null. */
    static HostInterface connectedTo(IpAddress nh, List<HostInterface> connected) {
        HostInterface best = null;
        int bestLen = -1;
        for (HostInterface i : connected) {
            for (InterfaceAddress a : i.addresses()) {
                if (a.length() < a.address().bitLength() && a.sameSubnet(nh) && a.length() > bestLen) {
                    best = i;
                    bestLen = a.length();
                }
            }
        }
        return best;
    }
}

package io.muslin.routing;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.MacAddress;
import io.muslin.routing.Plan.DesiredRoute;
import io.muslin.routing.Plan.Encap;
import io.muslin.routing.Plan.Hop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    public Plan plan(Intent intent, List<HostInterface> interfaces) {
        List<String> problems = new ArrayList<>();
        List<HostInterface> connected = interfaces.stream()
                .filter(HostInterface::up)
                .filter(i -> !i.name().equals(config.ipipDevice()) && !i.name().equals(config.vxlanDevice()) && !i.name().equals("lo"))
                .toList();
        HostInterface uplink = uplink(intent.nodeAddress(), connected);
        int uplinkMtu = 1500;
        if (uplink == null) {
            problems.add("no up interface holds the node address " + intent.nodeAddress() + "; tunnel MTUs assume 1500");
        } else {
            uplinkMtu = uplink.mtu();
        }

        boolean wantIpip = false;
        boolean wantVxlan = false;
        for (Pool p : intent.pools()) {
            if (p.ipipMode() != EncapMode.NEVER && p.vxlanMode() != EncapMode.NEVER) {
                problems.add("pool " + p.cidr() + " sets both ipipMode and vxlanMode; using ipip");
            }
            wantIpip |= p.ipipMode() != EncapMode.NEVER;
            wantVxlan |= p.vxlanMode() != EncapMode.NEVER && p.ipipMode() == EncapMode.NEVER;
        }

        Map<IpPrefix, DesiredRoute> routes = new LinkedHashMap<>();
        for (IpPrefix block : intent.ownBlocks()) {
            routes.put(block, new DesiredRoute(block, true, List.of()));
        }
        Map<IpAddress, Plan.VxlanPeer> peers = new LinkedHashMap<>();
        Map<IpPrefix, List<IpAddress>> merged = new LinkedHashMap<>(intent.learned().size() * 2);
        for (LearnedRoute lr : intent.learned()) {
            List<IpAddress> prev = merged.putIfAbsent(lr.prefix(), lr.nextHops());
            if (prev != null) {
                List<IpAddress> union = new ArrayList<>(prev);
                for (IpAddress a : lr.nextHops()) {
                    if (!union.contains(a)) {
                        union.add(a);
                    }
                }
                merged.put(lr.prefix(), union);
            }
        }
        Set<IpAddress> local = new HashSet<>();
        for (HostInterface i : connected) {
            for (InterfaceAddress a : i.addresses()) {
                local.add(a.address());
            }
        }
        for (Map.Entry<IpPrefix, List<IpAddress>> e : merged.entrySet()) {
            IpPrefix prefix = e.getKey();
            if (intent.ownBlocks().contains(prefix)) {
                continue; // our own block, reflected back: the blackhole stays
            }
            Pool pool = poolFor(prefix, intent.pools());
            List<Hop> hops = new ArrayList<>();
            for (IpAddress nh : e.getValue()) {
                if (nh.equals(intent.nodeAddress()) || local.contains(nh)) {
                    continue; // a route back to ourselves
                }
                if (nh.v6() != prefix.v6()) {
                    problems.add(prefix + ": next hop " + nh + " is of the other address family; ignored");
                    continue;
                }
                Hop hop = hop(prefix, nh, pool, connected, problems);
                if (hop != null) {
                    hops.add(hop);
                    if (hop.encap() == Encap.VXLAN) {
                        peers.putIfAbsent(nh, new Plan.VxlanPeer(nh, MacAddress.fromIpv4(nh)));
                    }
                }
            }
            if (hops.isEmpty()) {
                problems.add(prefix + ": no usable next hop " + e.getValue() + "; not routed");
                continue;
            }
            routes.put(prefix, new DesiredRoute(prefix, false, hops));
        }

        Plan.IpipDevice ipip = null;
        if (wantIpip) {
            ipip = new Plan.IpipDevice(config.ipipDevice(), uplinkMtu - 20, tunnelAddress(intent));
        }
        Plan.VxlanDevice vxlan = null;
        if (wantVxlan) {
            if (intent.nodeAddress() == null || intent.nodeAddress().v6()) {
                problems.add("vxlan needs an IPv4 node address; no vxlan device");
            } else {
                vxlan = new Plan.VxlanDevice(config.vxlanDevice(), config.vni(), config.vxlanPort(), intent.nodeAddress(),
                        MacAddress.fromIpv4(intent.nodeAddress()), uplinkMtu - 50);
            }
        }
        return new Plan(new ArrayList<>(routes.values()), ipip, vxlan, new ArrayList<>(peers.values()), problems);
    }

    private Hop hop(IpPrefix prefix, IpAddress nh, Pool pool, List<HostInterface> connected, List<String> problems) {
        HostInterface onSubnet = connectedTo(nh, connected);
        EncapMode ipip = pool == null ? EncapMode.NEVER : pool.ipipMode();
        EncapMode vxlan = pool == null || ipip != EncapMode.NEVER ? EncapMode.NEVER : pool.vxlanMode();
        if (encapsulate(ipip, onSubnet != null)) {
            if (nh.v6()) {
                problems.add(prefix + ": ipip carries IPv4 only; next hop " + nh + " ignored");
                return null;
            }
            return new Hop(nh, config.ipipDevice(), true, Encap.IPIP);
        }
        if (encapsulate(vxlan, onSubnet != null)) {
            if (nh.v6()) {
                problems.add(prefix + ": the vxlan underlay is IPv4; next hop " + nh + " ignored");
                return null;
            }
            return new Hop(nh, config.vxlanDevice(), true, Encap.VXLAN);
        }
        if (onSubnet != null) {
            return new Hop(nh, onSubnet.name(), false, Encap.NONE);
        }
        return new Hop(nh, null, false, Encap.NONE);
    }

    private static boolean encapsulate(EncapMode mode, boolean sameSubnet) {
        return mode == EncapMode.ALWAYS || (mode == EncapMode.CROSS_SUBNET && !sameSubnet);
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

    private static HostInterface uplink(IpAddress node, List<HostInterface> connected) {
        if (node == null) {
            return null;
        }
        return connected.stream().filter(i -> i.addresses().stream().anyMatch(a -> a.address().equals(node)))
                .findFirst().orElse(null);
    }

    private static IpAddress tunnelAddress(Intent intent) {
        if (intent.tunnelAddress() != null) {
            return intent.tunnelAddress();
        }
        for (IpPrefix b : intent.ownBlocks()) {
            Pool p = poolFor(b, intent.pools());
            if (!b.v6() && p != null && p.ipipMode() != EncapMode.NEVER) {
                return b.address();
            }
        }
        return null;
    }
}

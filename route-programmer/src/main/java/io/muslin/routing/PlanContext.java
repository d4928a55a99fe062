package io.muslin.routing;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.MacAddress;
import io.muslin.routing.Plan.DesiredRoute;
import io.muslin.routing.Plan.Encap;
import io.muslin.routing.Plan.Hop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the encapsulation decision needs that does not depend on the learned routes: this
 * node, its up interfaces (connected subnets, the uplink and its MTU), the pools, the tunnel
 * devices they call for. Built once per change of node or interfaces by
 * {@link RoutePlanner#context}; then {@link #learned} decides one learned route at a time, so a
 * change of one prefix costs one decision, not a re-plan of the table. Decisions for the same
 * pool and next hops are remembered (a million /32s behind one peer cost one decision). Not
 * thread-safe: one planning thread.
 */
public final class PlanContext {
    private final PlannerConfig config;
    private final NodeIntent node;
    private final List<HostInterface> connected;
    private final Set<IpAddress> local = new HashSet<>();
    private final Set<IpPrefix> own;
    private final Plan.IpipDevice ipip;
    private final Plan.VxlanDevice vxlan;
    private final List<String> problems;
    // Per address family of the prefix (0: IPv4, 1: IPv6): by pool (null: none) and next hops.
    // Pools are the node intent's own objects: looked up by identity, no hashing of the pool per route.
    @SuppressWarnings("unchecked")
    private final Map<Pool, Map<List<IpAddress>, Decision>>[] decisions = new Map[] {new IdentityHashMap<>(), new IdentityHashMap<>()};
    @SuppressWarnings("unchecked")
    private final Map<IpAddress, Decision>[] noPool = new Map[] {new HashMap<>(), new HashMap<>()};

    /** The hops for one pool and list of next hops, and the problems found (without the prefix). */
    private record Decision(List<Hop> hops, List<String> problems) {
    }

    PlanContext(PlannerConfig config, NodeIntent node, List<HostInterface> interfaces) {
        this.config = config;
        this.node = node;
        this.own = new HashSet<>(node.ownBlocks());
        List<String> found = new ArrayList<>();
        connected = interfaces.stream()
                .filter(HostInterface::up)
                .filter(i -> !i.name().equals(config.ipipDevice()) && !i.name().equals(config.vxlanDevice()) && !i.name().equals("lo"))
                .toList();
        for (HostInterface i : connected) {
            for (InterfaceAddress a : i.addresses()) {
                local.add(a.address());
            }
        }
        HostInterface uplink = uplink(node.nodeAddress(), connected);
        int uplinkMtu = 1500;
        if (uplink == null) {
            found.add("no up interface holds the node address " + node.nodeAddress() + "; tunnel MTUs assume 1500");
        } else {
            uplinkMtu = uplink.mtu();
        }
        boolean wantIpip = false;
        boolean wantVxlan = false;
        for (Pool p : node.pools()) {
            if (p.ipipMode() != EncapMode.NEVER && p.vxlanMode() != EncapMode.NEVER) {
                found.add("pool " + p.cidr() + " sets both ipipMode and vxlanMode; using ipip");
            }
            wantIpip |= p.ipipMode() != EncapMode.NEVER;
            wantVxlan |= p.vxlanMode() != EncapMode.NEVER && p.ipipMode() == EncapMode.NEVER;
        }
        ipip = wantIpip ? new Plan.IpipDevice(config.ipipDevice(), uplinkMtu - 20, tunnelAddress(node)) : null;
        Plan.VxlanDevice vx = null;
        if (wantVxlan) {
            if (node.nodeAddress() == null || node.nodeAddress().v6()) {
                found.add("vxlan needs an IPv4 node address; no vxlan device");
            } else {
                vx = new Plan.VxlanDevice(config.vxlanDevice(), config.vni(), config.vxlanPort(), node.nodeAddress(),
                        MacAddress.fromIpv4(node.nodeAddress()), uplinkMtu - 50);
            }
        }
        vxlan = vx;
        problems = List.copyOf(found);
    }

    public NodeIntent node() {
        return node;
    }

    /** {@code tunl0} as the pools want it, or null when no pool uses ipip. */
    public Plan.IpipDevice ipip() {
        return ipip;
    }

    /** The vxlan device as the pools want it, or null when no pool uses vxlan. */
    public Plan.VxlanDevice vxlan() {
        return vxlan;
    }

    /** Problems of the node and pools (no uplink, both modes on one pool, vxlan without IPv4). */
    public List<String> problems() {
        return problems;
    }

    public boolean isOwnBlock(IpPrefix prefix) {
        return own.contains(prefix);
    }

    /** The blackhole for an own block. */
    public DesiredRoute ownBlock(IpPrefix block) {
        return new DesiredRoute(block, true, List.of());
    }

    /**
     * The kernel route for a learned prefix: one hop per usable next hop (several: ECMP). Null
     * when none is usable; {@code problems} then says why (and also collects hops ignored on the
     * way), each without the prefix in front.
     */
    public DesiredRoute learned(IpPrefix prefix, List<IpAddress> nextHops, List<String> problems) {
        List<Hop> hops = learnedHops(prefix, nextHops, problems);
        return hops == null ? null : new DesiredRoute(prefix, false, hops);
    }

    /**
     * As {@link #learned}, the hops alone: the same list object for every prefix with the same
     * pool and next hops (a table of routes holds one per peer, not one per route). Null when no
     * next hop is usable.
     */
    public List<Hop> learnedHops(IpPrefix prefix, List<IpAddress> nextHops, List<String> problems) {
        Pool pool = RoutePlanner.poolFor(prefix, node.pools());
        boolean v6 = prefix.v6();
        Decision d;
        if (pool == null && nextHops.size() == 1) {
            d = noPool[v6 ? 1 : 0].computeIfAbsent(nextHops.getFirst(), nh -> decide(v6, null, List.of(nh)));
        } else {
            d = decisions[v6 ? 1 : 0].computeIfAbsent(pool, p -> new HashMap<>())
                    .computeIfAbsent(nextHops, hops -> decide(v6, pool, hops));
        }
        problems.addAll(d.problems());
        return d.hops().isEmpty() ? null : d.hops();
    }

    private Decision decide(boolean v6, Pool pool, List<IpAddress> nextHops) {
        List<String> found = new ArrayList<>(0);
        List<Hop> hops = new ArrayList<>(nextHops.size());
        for (IpAddress nh : nextHops) {
            if (nh.equals(node.nodeAddress()) || local.contains(nh)) {
                continue; // a route back to ourselves
            }
            if (nh.v6() != v6) {
                found.add("next hop " + nh + " is of the other address family; ignored");
                continue;
            }
            Hop hop = hop(nh, pool, found);
            if (hop != null) {
                hops.add(hop);
            }
        }
        if (hops.isEmpty()) {
            found.add("no usable next hop " + nextHops + "; not routed");
        }
        return new Decision(List.copyOf(hops), List.copyOf(found));
    }

    private Hop hop(IpAddress nh, Pool pool, List<String> found) {
        HostInterface onSubnet = RoutePlanner.connectedTo(nh, connected);
        EncapMode ipipMode = pool == null ? EncapMode.NEVER : pool.ipipMode();
        EncapMode vxlanMode = pool == null || ipipMode != EncapMode.NEVER ? EncapMode.NEVER : pool.vxlanMode();
        if (encapsulate(ipipMode, onSubnet != null)) {
            if (nh.v6()) {
                found.add("ipip carries IPv4 only; next hop " + nh + " ignored");
                return null;
            }
            return new Hop(nh, config.ipipDevice(), true, Encap.IPIP);
        }
        if (encapsulate(vxlanMode, onSubnet != null)) {
            if (nh.v6()) {
                found.add("the vxlan underlay is IPv4; next hop " + nh + " ignored");
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

    private static HostInterface uplink(IpAddress nodeAddress, List<HostInterface> connected) {
        if (nodeAddress == null) {
            return null;
        }
        return connected.stream().filter(i -> i.addresses().stream().anyMatch(a -> a.address().equals(nodeAddress)))
                .findFirst().orElse(null);
    }

    private static IpAddress tunnelAddress(NodeIntent node) {
        if (node.tunnelAddress() != null) {
            return node.tunnelAddress();
        }
        for (IpPrefix b : node.ownBlocks()) {
            Pool p = RoutePlanner.poolFor(b, node.pools());
            if (!b.v6() && p != null && p.ipipMode() != EncapMode.NEVER) {
                return b.address();
            }
        }
        return null;
    }
}

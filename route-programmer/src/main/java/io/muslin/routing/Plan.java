package io.muslin.routing;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.MacAddress;
import java.util.List;

/** The planner's answer: kernel routes by device name, tunnel devices, vxlan peers, and problems found. */
public record Plan(List<DesiredRoute> routes, IpipDevice ipip, VxlanDevice vxlan, List<VxlanPeer> vxlanPeers,
                   List<String> problems) {

    public Plan {
        routes = List.copyOf(routes);
        vxlanPeers = List.copyOf(vxlanPeers);
        problems = List.copyOf(problems);
    }

    /** A route the kernel should have: a blackhole (no hops) or one or more hops (ECMP when several). */
    public record DesiredRoute(IpPrefix dst, boolean blackhole, List<Hop> hops) {
        public DesiredRoute {
            hops = List.copyOf(hops);
        }

        /** How it leaves this node (a multipath route: as its first hop does). */
        public RouteKind kind() {
            return blackhole ? RouteKind.BLACKHOLE : kindOf(hops);
        }

        @Override
        public String toString() {
            return blackhole ? "blackhole " + dst : dst + " " + hops;
        }
    }

    /** One next hop: {@code via} through {@code device} (null: let the kernel pick, ToR mode). */
    public record Hop(IpAddress via, String device, boolean onlink, Encap encap) {
        @Override
        public String toString() {
            return "via " + via + (device != null ? " dev " + device : "") + (onlink ? " onlink" : "");
        }
    }

    /** The kind of a route with these hops: none is a blackhole; several, as the first. */
    public static RouteKind kindOf(List<Hop> hops) {
        if (hops.isEmpty()) {
            return RouteKind.BLACKHOLE;
        }
        Hop first = hops.getFirst();
        return switch (first.encap()) {
            case IPIP -> RouteKind.IPIP;
            case VXLAN -> RouteKind.VXLAN;
            case NONE -> first.device() != null ? RouteKind.DIRECT : RouteKind.FABRIC;
        };
    }

    /** How a hop leaves this node. */
    public enum Encap { NONE, IPIP, VXLAN }

    /** {@code tunl0}: up, MTU = uplink − 20, one /32 address. */
    public record IpipDevice(String name, int mtu, IpAddress address) {
    }

    /** The vxlan device: VNI, UDP port, local = node IP, learning off, MTU = uplink − 50, MAC from node IP. */
    public record VxlanDevice(String name, int vni, int port, IpAddress local, MacAddress mac, int mtu) {
    }

    /** Another node reached over vxlan: neighbour (node IP → MAC) and FDB (MAC → node IP) entries. */
    public record VxlanPeer(IpAddress nodeIp, MacAddress mac) {
    }
}

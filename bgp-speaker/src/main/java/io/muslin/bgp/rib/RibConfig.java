package io.muslin.bgp.rib;

import io.muslin.bgp.wire.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Speaker-wide routing settings.
 *
 * @param clusterId        route-reflector cluster id (RFC 4456), 0 = the router id
 * @param ipPools          the cluster's pod address pools: what mesh peers may announce
 * @param nextHopIpv4      next hop "self" for IPv4 routes, or null for each session's local address
 * @param nextHopIpv6      next hop "self" for IPv6 routes, or null for each session's local address
 * @param restarting       this speaker restarted gracefully: defer selection until peers' End-of-RIB
 * @param selectionDeferral the longest wait for those End-of-RIBs
 * @param staleRoutesTime  the longest a re-established restarting peer's stale routes are kept
 *                         without its End-of-RIB
 */
public record RibConfig(long localAs, int routerId, int clusterId, boolean alwaysCompareMed, List<IpPrefix> ipPools,
                        InetAddress nextHopIpv4, InetAddress nextHopIpv6, boolean restarting, Duration selectionDeferral,
                        Duration staleRoutesTime) {
    public RibConfig {
        ipPools = List.copyOf(ipPools);
    }

    public static RibConfig of(long localAs, int routerId) {
        return new RibConfig(localAs, routerId, 0, false, List.of(), null, null, false, Duration.ofSeconds(360),
                Duration.ofSeconds(360));
    }

    public int effectiveClusterId() {
        return clusterId != 0 ? clusterId : routerId;
    }

    public RibConfig withPools(List<IpPrefix> pools) {
        return new RibConfig(localAs, routerId, clusterId, alwaysCompareMed, pools, nextHopIpv4, nextHopIpv6, restarting,
                selectionDeferral, staleRoutesTime);
    }

    public RibConfig withClusterId(int id) {
        return new RibConfig(localAs, routerId, id, alwaysCompareMed, ipPools, nextHopIpv4, nextHopIpv6, restarting,
                selectionDeferral, staleRoutesTime);
    }

    public RibConfig withNextHops(InetAddress v4, InetAddress v6) {
        return new RibConfig(localAs, routerId, clusterId, alwaysCompareMed, ipPools, v4, v6, restarting,
                selectionDeferral, staleRoutesTime);
    }

    public RibConfig withRestarting(boolean r, Duration deferral) {
        return new RibConfig(localAs, routerId, clusterId, alwaysCompareMed, ipPools, nextHopIpv4, nextHopIpv6, r,
                deferral, staleRoutesTime);
    }

}

package io.muslin.bgp.settings;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.List;

/**
 * Speaker-wide routing settings that may change while the speaker runs; the RIB re-evaluates
 * import and export when they do, without resetting a session.
 *
 * @param ipPools          the cluster's pod address pools: what mesh peers may announce
 * @param clusterId        route-reflector cluster id (RFC 4456, an IPv4 address), or null for the router id
 * @param nextHopIPv4      next hop "self" for IPv4 routes, or null for each session's local address
 * @param nextHopIPv6      next hop "self" for IPv6 routes, or null for each session's local address
 * @param alwaysCompareMed compare MED between paths from different neighbouring ASes too
 * @param staleRoutesTime  the longest a re-established restarting peer's stale routes wait for
 *                         its End-of-RIB (RFC 4724 §4.2)
 */
public record RoutingSettings(List<IpPrefix> ipPools, IpAddress clusterId, IpAddress nextHopIPv4, IpAddress nextHopIPv6,
                              boolean alwaysCompareMed, Duration staleRoutesTime) {
    public static final Duration DEFAULT_STALE_ROUTES_TIME = Duration.ofSeconds(360);
    /** No pools, the router id as cluster id, next hop from each session, 360 s for stale routes. */
    public static final RoutingSettings DEFAULT = new RoutingSettings(List.of(), null, null, null, false,
            DEFAULT_STALE_ROUTES_TIME);

    public RoutingSettings {
        if (ipPools == null) {
            throw new SettingException("ipPools", "must be a list (empty for none)");
        }
        for (int i = 0; i < ipPools.size(); i++) {
            if (ipPools.get(i) == null) {
                throw new SettingException("ipPools[" + i + "]", "is missing");
            }
        }
        ipPools = List.copyOf(ipPools);
        if (clusterId != null && (clusterId.v6() || clusterId.isUnspecified())) {
            throw new SettingException("clusterId", clusterId + " is not a cluster id: an IPv4 address other than 0.0.0.0");
        }
        if (nextHopIPv4 != null && nextHopIPv4.v6()) {
            throw new SettingException("nextHopIPv4", nextHopIPv4 + " is not an IPv4 address");
        }
        if (nextHopIPv6 != null && !nextHopIPv6.v6()) {
            throw new SettingException("nextHopIPv6", nextHopIPv6 + " is not an IPv6 address");
        }
        if (staleRoutesTime == null || staleRoutesTime.isNegative() || staleRoutesTime.isZero()) {
            throw new SettingException("staleRoutesTime", staleRoutesTime + " must be a positive duration");
        }
    }

    /** The cluster id as the 32-bit value carried in CLUSTER_LIST: the configured one, else the router id. */
    public int effectiveClusterId(int routerId) {
        return clusterId != null ? clusterId.v4Int() : routerId;
    }

    /** True when {@code prefix} lies inside one of the pools. */
    public boolean inPools(IpPrefix prefix) {
        for (IpPrefix pool : ipPools) {
            if (pool.contains(prefix)) {
                return true;
            }
        }
        return false;
    }

    public RoutingSettings withPools(List<IpPrefix> pools) {
        return new RoutingSettings(pools, clusterId, nextHopIPv4, nextHopIPv6, alwaysCompareMed, staleRoutesTime);
    }

    public RoutingSettings withClusterId(IpAddress id) {
        return new RoutingSettings(ipPools, id, nextHopIPv4, nextHopIPv6, alwaysCompareMed, staleRoutesTime);
    }

    public RoutingSettings withNextHops(IpAddress v4, IpAddress v6) {
        return new RoutingSettings(ipPools, clusterId, v4, v6, alwaysCompareMed, staleRoutesTime);
    }

    public RoutingSettings withAlwaysCompareMed(boolean compare) {
        return new RoutingSettings(ipPools, clusterId, nextHopIPv4, nextHopIPv6, compare, staleRoutesTime);
    }

    public RoutingSettings withStaleRoutesTime(Duration time) {
        return new RoutingSettings(ipPools, clusterId, nextHopIPv4, nextHopIPv6, alwaysCompareMed, time);
    }
}

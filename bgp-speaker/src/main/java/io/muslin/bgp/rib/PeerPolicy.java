package io.muslin.bgp.rib;

import java.time.Duration;
import java.util.List;

/**
 * Per-peer routing policy.
 *
 * @param importFilters  run on every route received, in order; no match falls back to the default
 * @param exportFilters  run on every route about to be sent
 * @param nextHopMode    next hop towards this peer
 * @param routeReflectorClient this peer is our route-reflector client (RFC 4456)
 * @param meshPeer       a node of the cluster: by default accept from it only prefixes inside the IP pools
 * @param exportLearned  also export routes learned from other peers (default: only our own, plus reflection)
 * @param maxPrefix      the most prefixes accepted from the peer, or null for no limit
 */
public record PeerPolicy(List<Filter> importFilters, List<Filter> exportFilters, RibPeer.NextHopMode nextHopMode,
                         boolean routeReflectorClient, boolean meshPeer, boolean exportLearned, MaxPrefix maxPrefix) {
    public static final PeerPolicy DEFAULT = new PeerPolicy(List.of(), List.of(), RibPeer.NextHopMode.AUTO, false,
            false, false, null);

    public PeerPolicy {
        importFilters = List.copyOf(importFilters);
        exportFilters = List.copyOf(exportFilters);
    }

    /**
     * @param limit        accepted prefixes allowed
     * @param warningOnly  log and flag in status, but keep the session
     * @param restartDelay after a Cease 6/1, wait this long before connecting again
     */
    public record MaxPrefix(int limit, boolean warningOnly, Duration restartDelay) {
        public MaxPrefix {
            if (limit < 1) {
                throw new IllegalArgumentException("maxPrefix limit " + limit + " must be at least 1");
            }
        }
    }

    public PeerPolicy withRouteReflectorClient(boolean c) {
        return new PeerPolicy(importFilters, exportFilters, nextHopMode, c, meshPeer, exportLearned, maxPrefix);
    }

    public PeerPolicy withMaxPrefix(MaxPrefix m) {
        return new PeerPolicy(importFilters, exportFilters, nextHopMode, routeReflectorClient, meshPeer, exportLearned, m);
    }

    public PeerPolicy withImportFilters(List<Filter> f) {
        return new PeerPolicy(f, exportFilters, nextHopMode, routeReflectorClient, meshPeer, exportLearned, maxPrefix);
    }

    public PeerPolicy withExportFilters(List<Filter> f) {
        return new PeerPolicy(importFilters, f, nextHopMode, routeReflectorClient, meshPeer, exportLearned, maxPrefix);
    }

    public PeerPolicy withExportLearned(boolean e) {
        return new PeerPolicy(importFilters, exportFilters, nextHopMode, routeReflectorClient, meshPeer, e, maxPrefix);
    }

    public PeerPolicy withMeshPeer(boolean m) {
        return new PeerPolicy(importFilters, exportFilters, nextHopMode, routeReflectorClient, m, exportLearned, maxPrefix);
    }

    public PeerPolicy withNextHopMode(RibPeer.NextHopMode m) {
        return new PeerPolicy(importFilters, exportFilters, m, routeReflectorClient, meshPeer, exportLearned, maxPrefix);
    }
}

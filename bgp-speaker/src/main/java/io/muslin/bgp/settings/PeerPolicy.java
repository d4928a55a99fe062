package io.muslin.bgp.settings;

import java.time.Duration;
import java.util.List;

/**
 * Per-peer routing policy. A change of policy alone is applied to a running session without a
 * reset: its Adj-RIB-In is kept and import runs again locally.
 *
 * @param importFilters  run on every route received, in order; no match falls back to the default
 * @param exportFilters  run on every route about to be sent
 * @param nextHopMode    next hop towards this peer
 * @param routeReflectorClient this peer is our route-reflector client (RFC 4456)
 * @param meshPeer       a node of the cluster: by default accept from it only prefixes inside the IP pools
 * @param exportLearned  also export routes learned from other peers (default: only our own, plus reflection)
 * @param maxPrefix      the most prefixes accepted from the peer, or null for no limit
 */
public record PeerPolicy(List<Filter> importFilters, List<Filter> exportFilters, NextHopMode nextHopMode,
                         boolean routeReflectorClient, boolean meshPeer, boolean exportLearned, MaxPrefix maxPrefix) {
    public static final PeerPolicy DEFAULT = new PeerPolicy(List.of(), List.of(), NextHopMode.AUTO, false,
            false, false, null);

    public PeerPolicy {
        importFilters = Filter.checkList(importFilters, "importFilters");
        exportFilters = Filter.checkList(exportFilters, "exportFilters");
        if (nextHopMode == null) {
            throw new SettingException("nextHopMode", "is required (Auto, Self or Keep)");
        }
    }

    /** How the next hop is set towards a peer (Calico's nextHopMode). */
    public enum NextHopMode {
        /** eBGP and locally originated: self; iBGP-learned towards iBGP: keep. */
        AUTO,
        SELF,
        KEEP;

        /** "Auto", "Self" or "Keep", as Calico writes them. */
        public static NextHopMode parse(String text) {
            return switch (text == null ? "" : text) {
                case "Auto" -> AUTO;
                case "Self" -> SELF;
                case "Keep" -> KEEP;
                default -> throw new SettingException("nextHopMode", "'" + text + "' is not Auto, Self or Keep");
            };
        }
    }

    /**
     * @param limit        accepted prefixes allowed
     * @param warningOnly  log and flag in status, but keep the session
     * @param restartDelay after a Cease 6/1, wait this long before connecting again
     */
    public record MaxPrefix(int limit, boolean warningOnly, Duration restartDelay) {
        public MaxPrefix {
            if (limit < 1) {
                throw new SettingException("maxPrefix.limit", limit + " must be at least 1");
            }
            if (restartDelay == null || restartDelay.isNegative()) {
                throw new SettingException("maxPrefix.restartDelay", restartDelay + " must be zero or more");
            }
        }

        /** "Warn" (true: warning only) or "Reset" (false). */
        public static boolean parseWarningOnly(String action) {
            return switch (action == null ? "" : action) {
                case "Warn" -> true;
                case "Reset" -> false;
                default -> throw new SettingException("maxPrefix.action", "'" + action + "' is not Warn or Reset");
            };
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

    public PeerPolicy withNextHopMode(NextHopMode m) {
        return new PeerPolicy(importFilters, exportFilters, m, routeReflectorClient, meshPeer, exportLearned, maxPrefix);
    }
}

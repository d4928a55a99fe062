package io.muslin.bgp.rib;

import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision process of RFC 4271 §9.1.2.2 with the usual extensions, as elimination steps:
 * highest LOCAL_PREF, locally originated, shortest AS_PATH, lowest ORIGIN, lowest MED among paths
 * from the same neighbouring AS (or among all with always-compare-med), eBGP over iBGP — paths
 * still equal here form the multipath (ECMP) set — then lowest router id (ORIGINATOR_ID when
 * present, RFC 4456 §9), shortest CLUSTER_LIST, lowest peer address. Pure.
 */
public final class BestPath {
    public static final String ONLY_PATH = "only-path";
    public static final String LOCAL_PREF = "local-pref";
    public static final String LOCAL_ORIGIN = "local-origin";
    public static final String AS_PATH = "as-path-length";
    public static final String ORIGIN = "origin";
    public static final String MED = "med";
    public static final String EBGP = "ebgp-over-ibgp";
    public static final String ROUTER_ID = "router-id";
    public static final String CLUSTER_LIST = "cluster-list-length";
    public static final String PEER_ADDRESS = "peer-address";

    private final boolean alwaysCompareMed;
    private final int localRouterId;

    public BestPath(boolean alwaysCompareMed, int localRouterId) {
        this.alwaysCompareMed = alwaysCompareMed;
        this.localRouterId = localRouterId;
    }

    public Selection select(List<Path> candidates) {
        if (candidates.size() == 1) {
            return new Selection(List.copyOf(candidates), 1, ONLY_PATH);
        }
        List<Path> remaining = new ArrayList<>(candidates);
        String[] reason = new String[1];
        List<Path> ecmpGroup = equalGroup(new ArrayList<>(candidates), reason);
        List<Path> ordered = new ArrayList<>(candidates.size());
        List<Path> group = new ArrayList<>(ecmpGroup);
        String firstReason = null;
        while (!group.isEmpty()) {
            String[] r = new String[1];
            Path best = tieBreak(group, r);
            if (firstReason == null) {
                firstReason = ecmpGroup.size() == 1 ? reason[0] : r[0];
            }
            ordered.add(best);
            group.remove(best);
        }
        remaining.removeAll(ecmpGroup);
        while (!remaining.isEmpty()) {
            List<Path> g = equalGroup(new ArrayList<>(remaining), new String[1]);
            List<Path> gg = new ArrayList<>(g);
            while (!gg.isEmpty()) {
                Path best = tieBreak(gg, new String[1]);
                ordered.add(best);
                gg.remove(best);
            }
            remaining.removeAll(g);
        }
        return new Selection(List.copyOf(ordered), ecmpGroup.size(), firstReason);
    }

    /** Steps 1-6: the paths that stay equal; {@code reason[0]} names the step that left one, if one. */
    private List<Path> equalGroup(List<Path> c, String[] reason) {
        step(c, reason, LOCAL_PREF, keepMax(p -> p.attrs.localPref));
        step(c, reason, LOCAL_ORIGIN, keepMax(p -> p.peer.kind() == RibPeer.Kind.LOCAL ? 1 : 0));
        step(c, reason, AS_PATH, keepMin(p -> p.attrs.asPathLength));
        step(c, reason, ORIGIN, keepMin(p -> p.attrs.origin));
        step(c, reason, MED, this::medStep);
        step(c, reason, EBGP, keepMax(p -> p.peer.kind() == RibPeer.Kind.EXTERNAL ? 1 : 0));
        return c;
    }

    private Path tieBreak(List<Path> group, String[] reason) {
        List<Path> c = new ArrayList<>(group);
        if (c.size() == 1) {
            reason[0] = ONLY_PATH;
            return c.getFirst();
        }
        step(c, reason, ROUTER_ID, keepMin(p -> Integer.toUnsignedLong(routerIdOf(p))));
        step(c, reason, CLUSTER_LIST, keepMin(p -> p.attrs.clusterListLength));
        if (c.size() > 1) {
            c.sort((a, b) -> compareAddresses(a.peer.address(), b.peer.address()));
            reason[0] = PEER_ADDRESS;
        }
        return c.getFirst();
    }

    private int routerIdOf(Path p) {
        if (p.attrs.hasOriginatorId) {
            return p.attrs.originatorId;
        }
        return p.peer.kind() == RibPeer.Kind.LOCAL ? localRouterId : p.peer.bgpId();
    }

    private interface Step {
        void apply(List<Path> c);
    }

    private static void step(List<Path> c, String[] reason, String name, Step s) {
        if (c.size() <= 1) {
            return;
        }
        s.apply(c);
        if (c.size() == 1 && reason[0] == null) {
            reason[0] = name;
        }
    }

    private interface Metric {
        long of(Path p);
    }

    private static Step keepMax(Metric m) {
        return c -> {
            long best = Long.MIN_VALUE;
            for (Path p : c) {
                best = Math.max(best, m.of(p));
            }
            long b = best;
            c.removeIf(p -> m.of(p) != b);
        };
    }

    private static Step keepMin(Metric m) {
        return c -> {
            long best = Long.MAX_VALUE;
            for (Path p : c) {
                best = Math.min(best, m.of(p));
            }
            long b = best;
            c.removeIf(p -> m.of(p) != b);
        };
    }

    /** RFC 4271 §9.1.2.2 (c): compare MED only between paths from the same neighbouring AS. */
    private void medStep(List<Path> c) {
        if (alwaysCompareMed) {
            keepMin(p -> p.attrs.med).apply(c);
            return;
        }
        Map<Long, Long> minByAs = new HashMap<>();
        for (Path p : c) {
            minByAs.merge(p.attrs.neighborAs, p.attrs.med, Math::min);
        }
        c.removeIf(p -> p.attrs.med > minByAs.get(p.attrs.neighborAs));
    }

    static int compareAddresses(IpAddress a, IpAddress b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }
}

package io.muslin.lab.check;

import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.Topology.Pool;

/**
 * The path a pod's packet should take by the topology alone, as Calico decides it: the pool's
 * {@code vxlanMode}/{@code ipipMode} (Always: always; CrossSubnet: only when the next hop is on
 * another subnet), and in ToR peering plain IP through the rack's router to other racks (the
 * router, the next hop, shares the node's subnet).
 */
public final class ExpectedPaths {
    private ExpectedPaths() {
    }

    public static PathKind between(Topology t, Pool pool, Placed from, Placed to) {
        if (from.name().equals(to.name())) {
            return PathKind.LOCAL;
        }
        boolean sameRack = from.rack().name().equals(to.rack().name());
        if (t.peering() == Peering.TOR && !sameRack && !pool.vxlanMode().equals("Always") && !pool.ipipMode().equals("Always")) {
            // The next hop is the rack's router, on the node's own subnet: CrossSubnet does not encapsulate.
            return PathKind.VIA_TOR;
        }
        if (encapsulates(pool.vxlanMode(), sameRack)) {
            return PathKind.VXLAN;
        }
        if (encapsulates(pool.ipipMode(), sameRack)) {
            return PathKind.IPIP;
        }
        if (sameRack) {
            return PathKind.DIRECT;
        }
        return t.peering() == Peering.TOR ? PathKind.VIA_TOR : PathKind.UNKNOWN;
    }

    private static boolean encapsulates(String mode, boolean sameRack) {
        return mode.equals("Always") || mode.equals("CrossSubnet") && !sameRack;
    }
}

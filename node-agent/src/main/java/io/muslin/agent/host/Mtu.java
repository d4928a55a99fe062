package io.muslin.agent.host;

import io.muslin.routing.EncapMode;
import io.muslin.routing.Pool;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * The MTU pod interfaces get, as Calico computes it: the uplink's MTU less the largest
 * encapsulation overhead any pool in use needs (vxlan 50 bytes, ipip 20, none 0), unless the
 * configuration fixes it.
 */
public final class Mtu {
    public static final int VXLAN_OVERHEAD = 50;
    public static final int IPIP_OVERHEAD = 20;
    /** When the uplink is not known yet: the Ethernet default. */
    public static final int DEFAULT_UPLINK = 1500;

    private Mtu() {
    }

    /** The overhead of the most demanding pool: 50 when any uses vxlan, else 20 when any uses ipip, else 0. */
    public static int overhead(Collection<Pool> pools) {
        int o = 0;
        for (Pool p : pools) {
            if (p.vxlanMode() != EncapMode.NEVER) {
                o = Math.max(o, VXLAN_OVERHEAD);
            } else if (p.ipipMode() != EncapMode.NEVER) {
                o = Math.max(o, IPIP_OVERHEAD);
            }
        }
        return o;
    }

    /**
     * @param configured the configuration's {@code mtu}, when set: used as it is
     * @param uplinkMtu  the MTU of the interface that holds the node address, when known
     */
    public static int forPods(OptionalInt configured, OptionalInt uplinkMtu, Collection<Pool> pools) {
        if (configured.isPresent()) {
            return configured.getAsInt();
        }
        return uplinkMtu.orElse(DEFAULT_UPLINK) - overhead(pools);
    }
}

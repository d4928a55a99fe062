package io.muslin.routing;

import io.muslin.netlink.Rt;

/**
 * Fixed choices of the route programmer: the route protocol number it writes and owns (default
 * {@link Rt#PROT_MUSLIN} = 0x4d), the table, the tunnel device names, VNI and UDP port.
 */
public record PlannerConfig(int protocol, int table, String ipipDevice, String vxlanDevice, int vni, int vxlanPort) {

    public static final PlannerConfig DEFAULT = new PlannerConfig(Rt.PROT_MUSLIN, Rt.TABLE_MAIN, "tunl0", "vxlan.muslin", 4096, 4789);

    public PlannerConfig {
        if (protocol <= Rt.PROT_STATIC || protocol > 255) {
            throw new IllegalArgumentException("route protocol must be 5..255 (not kernel/boot/static): " + protocol);
        }
    }
}

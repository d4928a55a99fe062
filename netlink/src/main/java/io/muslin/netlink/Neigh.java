package io.muslin.netlink;

import io.muslin.net.IpAddress;

/**
 * A neighbour entry ({@code ndmsg}): an ARP/NDP entry ({@code family} AF_INET/AF_INET6) or,
 * with {@code family} AF_BRIDGE, a forwarding-database entry (MAC → remote VTEP {@code dst}).
 */
public record Neigh(int family, int ifIndex, IpAddress dst, MacAddress lladdr, int state, int flags) {

    public static final int AF_BRIDGE = 7;
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;
    public static final int NTF_SELF = 0x02;

    /** {@code ip neigh replace DST lladdr MAC dev IF nud permanent}. */
    public static Neigh permanent(int ifIndex, IpAddress dst, MacAddress mac) {
        return new Neigh(dst.family(), ifIndex, dst, mac, NUD_PERMANENT, 0);
    }

    /** {@code bridge fdb append MAC dev IF dst VTEP self permanent}. */
    public static Neigh fdb(int ifIndex, MacAddress mac, IpAddress vtep) {
        return new Neigh(AF_BRIDGE, ifIndex, vtep, mac, NUD_PERMANENT | NUD_NOARP, NTF_SELF);
    }

    public boolean isFdb() {
        return family == AF_BRIDGE;
    }

    @Override
    public String toString() {
        return isFdb() ? "fdb " + lladdr + " dev #" + ifIndex + " dst " + dst
                : "neigh " + dst + " lladdr " + lladdr + " dev #" + ifIndex;
    }
}

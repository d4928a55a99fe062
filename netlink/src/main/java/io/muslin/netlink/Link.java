package io.muslin.netlink;

/**
 * A network interface as the kernel reports it ({@code ifinfomsg} plus attributes).
 * {@code kind} is IFLA_INFO_KIND ({@code veth}, {@code bridge}, {@code vxlan}, {@code ipip},
 * {@code dummy}, {@code bond}, {@code vlan}, ...; null for a physical device or loopback);
 * {@code info} carries the decoded settings for vxlan and ipip links. {@code operState} is
 * IFLA_OPERSTATE (RFC 2863), {@code carrier} IFLA_CARRIER, {@code master} the index of the
 * bridge or bond it is enslaved to (0: none).
 */
public record Link(int index, String name, int flags, int mtu, MacAddress address, String kind, LinkSpec info,
                   OperState operState, boolean carrier, int master) {

    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_POINTOPOINT = 0x10;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_NOARP = 0x80;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;
    public static final int IFF_DORMANT = 0x20000;

    /** RFC 2863 operational state, as {@code ip link} shows it ({@code state UP}). */
    public enum OperState {
        UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

        private static final OperState[] BY_CODE = values();

        public static OperState of(int code) {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
        }
    }

    /** A link as a test double reports it: operational state and carrier follow the flags, no master. */
    public Link(int index, String name, int flags, int mtu, MacAddress address, String kind, LinkSpec info) {
        this(index, name, flags, mtu, address, kind, info,
                (flags & IFF_UP) == 0 ? OperState.DOWN : (flags & IFF_LOWER_UP) != 0 ? OperState.UP : OperState.LOWERLAYERDOWN,
                (flags & IFF_LOWER_UP) != 0, 0);
    }

    /** Administratively up ({@code ip link set X up}). */
    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    /** The driver signals carrier (a cable, the veth peer up). */
    public boolean lowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    public boolean loopback() {
        return (flags & IFF_LOOPBACK) != 0;
    }

    /** The same link with other flags (operational state and carrier recomputed as the kernel would). */
    public Link withFlags(int newFlags) {
        return new Link(index, name, newFlags, mtu, address, kind, info);
    }

    public Link withMtu(int newMtu) {
        return new Link(index, name, flags, newMtu, address, kind, info, operState, carrier, master);
    }

    public Link withAddress(MacAddress mac) {
        return new Link(index, name, flags, mtu, mac, kind, info, operState, carrier, master);
    }

    @Override
    public String toString() {
        return index + ": " + name + (kind != null ? " (" + kind + ")" : "") + " mtu " + mtu + (up() ? " up" : " down")
                + " state " + operState;
    }
}

package io.muslin.netlink;

/**
 * A network interface as the kernel reports it ({@code ifinfomsg} plus attributes).
 * {@code kind} is the IFLA_INFO_KIND ("veth", "vxlan", "ipip", null for physical devices);
 * {@code info} carries the decoded settings for vxlan and ipip links.
 */
public record Link(int index, String name, int flags, int mtu, MacAddress address, String kind, LinkSpec info) {

    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    public boolean lowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    @Override
    public String toString() {
        return index + ": " + name + (kind != null ? " (" + kind + ")" : "") + " mtu " + mtu + (up() ? " up" : " down");
    }
}

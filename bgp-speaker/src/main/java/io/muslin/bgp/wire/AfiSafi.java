package io.muslin.bgp.wire;

import io.muslin.net.IpPrefix;
/** An address family (AFI, RFC 4760) with its sub-address family (SAFI). */
public record AfiSafi(int afi, int safi) {
    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;

    public static final AfiSafi IPV4_UNICAST = new AfiSafi(AFI_IPV4, SAFI_UNICAST);
    public static final AfiSafi IPV6_UNICAST = new AfiSafi(AFI_IPV6, SAFI_UNICAST);

    /** True for the families this speaker carries routes for (IPv4 and IPv6 unicast). */
    public boolean isSupported() {
        return equals(IPV4_UNICAST) || equals(IPV6_UNICAST);
    }

    public static AfiSafi of(IpPrefix prefix) {
        return prefix.v6() ? IPV6_UNICAST : IPV4_UNICAST;
    }

    @Override
    public String toString() {
        if (equals(IPV4_UNICAST)) {
            return "ipv4-unicast";
        }
        if (equals(IPV6_UNICAST)) {
            return "ipv6-unicast";
        }
        return "afi-" + afi + "/safi-" + safi;
    }
}

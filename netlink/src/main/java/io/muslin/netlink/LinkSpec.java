package io.muslin.netlink;

import io.muslin.net.IpAddress;

/** What to create with {@code RTM_NEWLINK}, one record per link kind Muslin uses. */
public sealed interface LinkSpec {

    String name();

    /** {@code ip link add NAME type veth peer name PEER}. */
    record Veth(String name, String peerName) implements LinkSpec {
    }

    /**
     * {@code ip link add NAME type vxlan id VNI dstport PORT local LOCAL nolearning}
     * ({@code learning} false gives {@code nolearning}); {@code mtu} and {@code mac} 0/null = kernel default.
     */
    record Vxlan(String name, int vni, IpAddress local, int port, boolean learning, int mtu, MacAddress mac)
            implements LinkSpec {
    }

    /** {@code ip link add NAME type ipip local LOCAL} (LOCAL may be null: any). */
    record Ipip(String name, IpAddress local) implements LinkSpec {
    }
}

package io.muslin.routing;

import io.muslin.netlink.IpPrefix;
import java.util.List;

/**
 * One of this node's interfaces as the planner sees it: name, MTU, whether it is up, and its
 * addresses with their prefix lengths ({@code 10.57.4.20/24} → connected subnet 10.57.4.0/24).
 */
public record HostInterface(String name, int mtu, boolean up, List<InterfaceAddress> addresses) {

    public HostInterface {
        addresses = List.copyOf(addresses);
    }

    /** An address on an interface, with its prefix length. */
    public record InterfaceAddress(io.muslin.netlink.IpAddress address, int prefixLength) {
        public IpPrefix subnet() {
            return new IpPrefix(address, prefixLength);
        }

        public static InterfaceAddress parse(String cidr) {
            IpPrefix p = IpPrefix.parse(cidr);
            int slash = cidr.indexOf('/');
            return new InterfaceAddress(io.muslin.netlink.IpAddress.parse(slash < 0 ? cidr : cidr.substring(0, slash)), p.length());
        }
    }

    public static HostInterface of(String name, int mtu, String... cidrs) {
        return new HostInterface(name, mtu, true, java.util.Arrays.stream(cidrs).map(InterfaceAddress::parse).toList());
    }
}

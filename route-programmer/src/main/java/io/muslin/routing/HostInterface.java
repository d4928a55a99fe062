package io.muslin.routing;

import io.muslin.net.InterfaceAddress;
import java.util.Arrays;
import java.util.List;

/**
 * One of this node's interfaces as the planner sees it: name, MTU, whether it is up, and its
 * addresses with their prefix lengths ({@code 10.57.4.20/24} → connected subnet 10.57.4.0/24).
 */
public record HostInterface(String name, int mtu, boolean up, List<InterfaceAddress> addresses) {

    public HostInterface {
        addresses = List.copyOf(addresses);
    }

    public static HostInterface of(String name, int mtu, String... cidrs) {
        return new HostInterface(name, mtu, true, Arrays.stream(cidrs).map(InterfaceAddress::parse).toList());
    }
}

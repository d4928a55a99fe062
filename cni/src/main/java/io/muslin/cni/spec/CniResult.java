package io.muslin.cni.spec;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.Optional;

/**
 * The result of ADD (spec 1.0.0 "Success"): the interfaces made (the pod's with its
 * {@code sandbox}), the addresses with the index of their interface, the pod's routes and DNS.
 */
public record CniResult(List<Interface> interfaces, List<Ip> ips, List<Route> routes, Dns dns) {

    public CniResult {
        interfaces = List.copyOf(interfaces);
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
    }

    /** An interface; {@code sandbox} is the pod's namespace path, empty for the host side. */
    public record Interface(String name, String mac, Optional<String> sandbox) {}

    /** An address on {@code interfaces[interfaceIndex]} and its gateway. */
    public record Ip(InterfaceAddress address, Optional<IpAddress> gateway, int interfaceIndex) {}

    /** A route in the pod; {@code gw} empty: the interface's default gateway. */
    public record Route(IpPrefix dst, Optional<IpAddress> gw) {}

    /** DNS settings (this plugin sets none; the runtime or kubelet writes resolv.conf). */
    public record Dns(List<String> nameservers, Optional<String> domain, List<String> search, List<String> options) {
        public static Dns none() {
            return new Dns(List.of(), Optional.empty(), List.of(), List.of());
        }
    }
}

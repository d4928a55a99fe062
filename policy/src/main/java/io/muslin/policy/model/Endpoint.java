package io.muslin.policy.model;

import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod as policy sees it: namespace, name, IP, labels, named container ports, and — for pods on
 * this node only — the host side of its veth. Pods on other nodes matter too: their addresses fill
 * the address sets that selectors turn into. The dataplane is IPv4 ({@code iptables}, not
 * {@code ip6tables}): a pod is given by its IPv4 address.
 *
 * @param hostInterface host-side interface name for a pod on this node, null for a remote pod
 */
public record Endpoint(String namespace, String name, IpAddress ip, Map<String, String> labels,
                       String hostInterface, List<NamedPort> ports) {

    public Endpoint {
        labels = Map.copyOf(new TreeMap<>(labels));
        ports = List.copyOf(ports);
        if (ip.v6()) {
            throw new IllegalArgumentException("pod " + namespace + "/" + name + ": " + ip
                    + " is IPv6; policy endpoints are IPv4 (the dataplane writes iptables, not ip6tables)");
        }
        if (hostInterface != null && (hostInterface.isEmpty() || hostInterface.length() > 15)) {
            throw new IllegalArgumentException("interface name must be 1-15 characters: '" + hostInterface + "'");
        }
    }

    /** A pod on this node, reached through {@code hostInterface}. */
    public static Endpoint local(String namespace, String name, String ip, String hostInterface,
                                 Map<String, String> labels) {
        return new Endpoint(namespace, name, IpAddress.parse(ip), labels, hostInterface, List.of());
    }

    /** A pod on another node. */
    public static Endpoint remote(String namespace, String name, String ip, Map<String, String> labels) {
        return new Endpoint(namespace, name, IpAddress.parse(ip), labels, null, List.of());
    }

    public Endpoint withPorts(NamedPort... namedPorts) {
        return new Endpoint(namespace, name, ip, labels, hostInterface, List.of(namedPorts));
    }

    public boolean isLocal() {
        return hostInterface != null;
    }

    /** The port number this pod gives {@code portName} for {@code protocol}, or -1. */
    public int resolve(String portName, Protocol protocol) {
        for (NamedPort p : ports) {
            if (p.name().equals(portName) && p.protocol() == protocol) {
                return p.port();
            }
        }
        return -1;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}

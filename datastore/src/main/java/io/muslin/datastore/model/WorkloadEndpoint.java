package io.muslin.datastore.model;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod's network interface (Calico's WorkloadEndpoint): where it lives, which addresses it has,
 * its named container ports and — in {@code metadata.labels}, as Calico keeps them — the pod's
 * labels. The namespace is the pod's.
 */
public record WorkloadEndpoint(ObjectMeta metadata, Spec spec) implements Resource {
    public static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    /**
     * Calico's WorkloadEndpointSpec (the fields Muslin uses): {@code node} runs the pod,
     * {@code interfaceName} is the host side of its veth, {@code ipNetworks} are /32 or /128.
     */
    public record Spec(String orchestrator, String node, String pod, String endpoint, String containerID,
                       List<String> ipNetworks, String interfaceName, String mac, List<String> profiles, List<Port> ports) {
        public Spec {
            ipNetworks = ipNetworks == null ? null : List.copyOf(ipNetworks);
            profiles = profiles == null ? null : List.copyOf(profiles);
            ports = ports == null ? null : List.copyOf(ports);
        }
    }

    /** Calico's WorkloadEndpointPort: a named container port (what a NetworkPolicy's named port resolves to). */
    public record Port(String name, String protocol, Integer port) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, true);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        c.require("spec.node", spec.node());
        c.require("spec.interfaceName", spec.interfaceName());
        if (spec.interfaceName() != null && spec.interfaceName().length() > 15) {
            c.fail("spec.interfaceName", "'" + spec.interfaceName() + "' is longer than 15 characters (Linux IFNAMSIZ)");
        }
        if (spec.ipNetworks() != null) {
            for (int i = 0; i < spec.ipNetworks().size(); i++) {
                IpPrefix n = c.cidr("spec.ipNetworks[" + i + "]", spec.ipNetworks().get(i));
                if (n != null && !n.isHost()) {
                    c.fail("spec.ipNetworks[" + i + "]", n + " must be a single address (/32 or /128)");
                }
            }
        }
        c.mac("spec.mac", spec.mac());
        if (spec.ports() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < spec.ports().size(); i++) {
                Port p = spec.ports().get(i);
                String f = "spec.ports[" + i + "]";
                c.portName(f + ".name", p.name());
                c.require(f + ".protocol", p.protocol());
                c.oneOf(f + ".protocol", p.protocol(), PROTOCOLS);
                c.require(f + ".port", p.port());
                c.range(f + ".port", p.port(), 1, 65535);
                if (p.name() != null && p.protocol() != null && !seen.add(p.name() + "/" + p.protocol())) {
                    c.fail(f + ".name", "'" + p.name() + "' is given twice for " + p.protocol());
                }
            }
        }
        return c.errors();
    }

    /** The pod's addresses (valid endpoints only). */
    public List<IpAddress> addresses() {
        return spec.ipNetworks() == null ? List.of() : spec.ipNetworks().stream().map(n -> IpPrefix.parse(n).address()).toList();
    }

    /** The named container ports; empty when none. */
    public List<Port> ports() {
        return spec.ports() == null ? List.of() : spec.ports();
    }

    @Override
    public WorkloadEndpoint withMetadata(ObjectMeta m) {
        return new WorkloadEndpoint(m, spec);
    }
}

package io.muslin.datastore.model;

import java.util.List;

/** A pod's network interface (Calico's WorkloadEndpoint): where it lives and which addresses it has. */
public record WorkloadEndpoint(ObjectMeta metadata, Spec spec) implements Resource {
    /** Calico's WorkloadEndpointSpec (the fields Muslin uses); ipNetworks are /32 or /128. */
    public record Spec(String orchestrator, String node, String pod, String endpoint, String containerID,
                       List<String> ipNetworks, String interfaceName, String mac, List<String> profiles) {}

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
                Cidr n = c.cidr("spec.ipNetworks[" + i + "]", spec.ipNetworks().get(i));
                if (n != null && n.prefixLength() != n.bits()) {
                    c.fail("spec.ipNetworks[" + i + "]", n + " must be a single address (/32 or /128)");
                }
            }
        }
        if (spec.mac() != null && !spec.mac().matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
            c.fail("spec.mac", "'" + spec.mac() + "' is not a MAC address");
        }
        return c.errors();
    }

    @Override
    public WorkloadEndpoint withMetadata(ObjectMeta m) {
        return new WorkloadEndpoint(m, spec);
    }
}

package io.muslin.datastore.model;

import java.util.List;
import java.util.regex.Pattern;

/** Cluster or per-node BGP settings (Calico's BGPConfiguration; "default" is cluster-wide, "node.&lt;name&gt;" per node). */
public record BGPConfiguration(ObjectMeta metadata, Spec spec) implements Resource {
    private static final Pattern STANDARD = Pattern.compile("\\d+:\\d+");
    private static final Pattern LARGE = Pattern.compile("\\d+:\\d+:\\d+");

    /** Calico's BGPConfigurationSpec (the fields Muslin uses). */
    public record Spec(String logSeverityScreen, Boolean nodeToNodeMeshEnabled, Long asNumber, Integer listenPort,
                       List<Community> communities, List<PrefixAdvertisement> prefixAdvertisements,
                       List<ServiceIP> serviceClusterIPs, List<ServiceIP> serviceExternalIPs,
                       List<ServiceIP> serviceLoadBalancerIPs, String nodeMeshMaxRestartTime, BGPPeer.Bfd nodeMeshBFD) {
        /** Without BFD on the node-to-node mesh. */
        public Spec(String logSeverityScreen, Boolean nodeToNodeMeshEnabled, Long asNumber, Integer listenPort,
                    List<Community> communities, List<PrefixAdvertisement> prefixAdvertisements,
                    List<ServiceIP> serviceClusterIPs, List<ServiceIP> serviceExternalIPs,
                    List<ServiceIP> serviceLoadBalancerIPs, String nodeMeshMaxRestartTime) {
            this(logSeverityScreen, nodeToNodeMeshEnabled, asNumber, listenPort, communities, prefixAdvertisements,
                    serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs, nodeMeshMaxRestartTime, null);
        }
    }

    /** A named community value ("65001:100" or large "65001:1:2"). */
    public record Community(String name, String value) {}

    /** Communities to attach to a CIDR when advertised (values or names from {@code communities}). */
    public record PrefixAdvertisement(String cidr, List<String> communities) {}

    /** A service range to advertise. */
    public record ServiceIP(String cidr) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec == null) {
            return c.errors();
        }
        c.asNumber("spec.asNumber", spec.asNumber());
        c.range("spec.listenPort", spec.listenPort(), 1, 65535);
        BGPPeer.Bfd.check(c, "spec.nodeMeshBFD", spec.nodeMeshBFD());
        c.oneOf("spec.logSeverityScreen", spec.logSeverityScreen(), java.util.Set.of("Debug", "Info", "Warning", "Error", "Fatal"));
        java.util.Set<String> names = new java.util.HashSet<>();
        if (spec.communities() != null) {
            for (int i = 0; i < spec.communities().size(); i++) {
                Community k = spec.communities().get(i);
                c.require("spec.communities[" + i + "].name", k.name());
                if (k.value() == null || !(STANDARD.matcher(k.value()).matches() || LARGE.matcher(k.value()).matches())) {
                    c.fail("spec.communities[" + i + "].value", "'" + k.value() + "' is not a community (aa:nn or aa:nn:mm)");
                }
                names.add(k.name());
            }
        }
        if (spec.prefixAdvertisements() != null) {
            for (int i = 0; i < spec.prefixAdvertisements().size(); i++) {
                PrefixAdvertisement pa = spec.prefixAdvertisements().get(i);
                c.cidr("spec.prefixAdvertisements[" + i + "].cidr", pa.cidr());
                if (pa.communities() != null) {
                    for (String v : pa.communities()) {
                        if (!names.contains(v) && !STANDARD.matcher(v).matches() && !LARGE.matcher(v).matches()) {
                            c.fail("spec.prefixAdvertisements[" + i + "].communities", "'" + v
                                    + "' is neither a community value nor a name from spec.communities");
                        }
                    }
                }
            }
        }
        checkIps(c, "spec.serviceClusterIPs", spec.serviceClusterIPs());
        checkIps(c, "spec.serviceExternalIPs", spec.serviceExternalIPs());
        checkIps(c, "spec.serviceLoadBalancerIPs", spec.serviceLoadBalancerIPs());
        Durations.check(c, "spec.nodeMeshMaxRestartTime", spec.nodeMeshMaxRestartTime());
        return c.errors();
    }

    private static void checkIps(Check c, String field, List<ServiceIP> ips) {
        if (ips != null) {
            for (int i = 0; i < ips.size(); i++) {
                c.cidr(field + "[" + i + "].cidr", ips.get(i).cidr());
            }
        }
    }

    @Override
    public BGPConfiguration withMetadata(ObjectMeta m) {
        return new BGPConfiguration(m, spec);
    }
}

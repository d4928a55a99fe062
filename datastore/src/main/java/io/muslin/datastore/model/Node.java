package io.muslin.datastore.model;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Optional;

/** A cluster node: its BGP identity and its tunnel addresses (Calico's Node). */
public record Node(ObjectMeta metadata, Spec spec) implements Resource {
    /** Calico's NodeSpec. */
    public record Spec(BGP bgp, String ipv4VXLANTunnelAddr, String ipv6VXLANTunnelAddr, String vxlanTunnelMACAddr) {}

    /** Calico's NodeBGPSpec: addresses in CIDR form, e.g. {@code 10.57.4.21/24}. */
    public record BGP(Long asNumber, String ipv4Address, String ipv6Address, String ipv4IPIPTunnelAddr,
                      String routeReflectorClusterID) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec != null && spec.bgp() != null) {
            BGP b = spec.bgp();
            c.asNumber("spec.bgp.asNumber", b.asNumber());
            family(c, "spec.bgp.ipv4Address", c.interfaceAddress("spec.bgp.ipv4Address", b.ipv4Address()), false);
            family(c, "spec.bgp.ipv6Address", c.interfaceAddress("spec.bgp.ipv6Address", b.ipv6Address()), true);
            family(c, "spec.bgp.ipv4IPIPTunnelAddr", c.ip("spec.bgp.ipv4IPIPTunnelAddr", b.ipv4IPIPTunnelAddr()), false);
            // Calico writes the cluster id in IPv4 dotted form.
            family(c, "spec.bgp.routeReflectorClusterID", c.ip("spec.bgp.routeReflectorClusterID", b.routeReflectorClusterID()),
                    false);
        }
        if (spec != null) {
            family(c, "spec.ipv4VXLANTunnelAddr", c.ip("spec.ipv4VXLANTunnelAddr", spec.ipv4VXLANTunnelAddr()), false);
            family(c, "spec.ipv6VXLANTunnelAddr", c.ip("spec.ipv6VXLANTunnelAddr", spec.ipv6VXLANTunnelAddr()), true);
            c.mac("spec.vxlanTunnelMACAddr", spec.vxlanTunnelMACAddr());
        }
        return c.errors();
    }

    private static void family(Check c, String field, Object parsed, boolean v6) {
        boolean isV6 = parsed instanceof InterfaceAddress ia ? ia.v6() : parsed instanceof IpAddress ip && ip.v6();
        if (parsed != null && isV6 != v6) {
            c.fail(field, "'" + parsed + "' is not an " + (v6 ? "IPv6" : "IPv4") + " address");
        }
    }

    /** The node's IPv4 address with its subnet length ({@code spec.bgp.ipv4Address}), if set (valid nodes only). */
    public Optional<InterfaceAddress> ipv4Address() {
        return bgpField(BGP::ipv4Address).map(InterfaceAddress::parse);
    }

    /** The node's IPv6 address with its subnet length ({@code spec.bgp.ipv6Address}), if set (valid nodes only). */
    public Optional<InterfaceAddress> ipv6Address() {
        return bgpField(BGP::ipv6Address).map(InterfaceAddress::parse);
    }

    /** The IPIP tunnel address ({@code spec.bgp.ipv4IPIPTunnelAddr}), if set (valid nodes only). */
    public Optional<IpAddress> ipv4IPIPTunnelAddress() {
        return bgpField(BGP::ipv4IPIPTunnelAddr).map(IpAddress::parse);
    }

    private Optional<String> bgpField(java.util.function.Function<BGP, String> f) {
        return spec == null || spec.bgp() == null ? Optional.empty() : Optional.ofNullable(f.apply(spec.bgp()));
    }

    @Override
    public Node withMetadata(ObjectMeta m) {
        return new Node(m, spec);
    }
}

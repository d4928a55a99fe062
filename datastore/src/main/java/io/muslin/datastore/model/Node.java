package io.muslin.datastore.model;

import java.util.List;

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
            c.ipWithPrefix("spec.bgp.ipv4Address", b.ipv4Address());
            c.ipWithPrefix("spec.bgp.ipv6Address", b.ipv6Address());
            if (b.ipv4Address() != null && b.ipv4Address().contains(":")) {
                c.fail("spec.bgp.ipv4Address", "'" + b.ipv4Address() + "' is not an IPv4 address");
            }
            if (b.ipv6Address() != null && !b.ipv6Address().contains(":")) {
                c.fail("spec.bgp.ipv6Address", "'" + b.ipv6Address() + "' is not an IPv6 address");
            }
            c.ip("spec.bgp.ipv4IPIPTunnelAddr", b.ipv4IPIPTunnelAddr());
            if (b.routeReflectorClusterID() != null) {
                c.ip("spec.bgp.routeReflectorClusterID", b.routeReflectorClusterID());
            }
        }
        if (spec != null) {
            c.ip("spec.ipv4VXLANTunnelAddr", spec.ipv4VXLANTunnelAddr());
            c.ip("spec.ipv6VXLANTunnelAddr", spec.ipv6VXLANTunnelAddr());
            if (spec.vxlanTunnelMACAddr() != null && !spec.vxlanTunnelMACAddr().matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
                c.fail("spec.vxlanTunnelMACAddr", "'" + spec.vxlanTunnelMACAddr() + "' is not a MAC address");
            }
        }
        return c.errors();
    }

    @Override
    public Node withMetadata(ObjectMeta m) {
        return new Node(m, spec);
    }
}

package io.muslin.routing;

import io.muslin.net.IpPrefix;

/** An IP pool as far as routing cares: its CIDR and encapsulation modes (at most one of them not NEVER). */
public record Pool(IpPrefix cidr, EncapMode ipipMode, EncapMode vxlanMode) {

    public static Pool hostGw(String cidr) {
        return new Pool(IpPrefix.parse(cidr), EncapMode.NEVER, EncapMode.NEVER);
    }

    public static Pool ipip(String cidr, EncapMode mode) {
        return new Pool(IpPrefix.parse(cidr), mode, EncapMode.NEVER);
    }

    public static Pool vxlan(String cidr, EncapMode mode) {
        return new Pool(IpPrefix.parse(cidr), EncapMode.NEVER, mode);
    }
}

package io.muslin.netlink;

import io.muslin.net.IpAddress;

/** One path of a multipath route ({@code struct rtnexthop} plus its gateway). */
public record NextHop(IpAddress gateway, int ifIndex, int weight, boolean onlink) {

    public NextHop {
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("weight must be 1..256: " + weight);
        }
    }

    public static NextHop via(IpAddress gateway, int ifIndex) {
        return new NextHop(gateway, ifIndex, 1, false);
    }

    @Override
    public String toString() {
        return "nexthop" + (gateway != null ? " via " + gateway : "") + (ifIndex != 0 ? " dev #" + ifIndex : "")
                + (weight != 1 ? " weight " + weight : "") + (onlink ? " onlink" : "");
    }
}

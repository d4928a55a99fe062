package io.muslin.netlink;

/** An interface address ({@code ifaddrmsg}): {@code 10.9.0.1/32 dev #3}. */
public record Addr(int ifIndex, IpAddress address, int prefixLength, int scope, int flags) {

    public static Addr of(int ifIndex, String cidr) {
        int slash = cidr.indexOf('/');
        IpAddress a = IpAddress.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int len = slash < 0 ? a.bitLength() : Integer.parseInt(cidr.substring(slash + 1));
        return new Addr(ifIndex, a, len, Rt.SCOPE_UNIVERSE, 0);
    }

    /** The connected subnet this address puts on its interface. */
    public IpPrefix subnet() {
        return new IpPrefix(address, prefixLength);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength + " dev #" + ifIndex;
    }
}

package io.muslin.netlink;

/** A CIDR prefix, always stored masked ({@code 10.1.2.0/24}, never {@code 10.1.2.3/24}). */
public record IpPrefix(IpAddress address, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        if (length < 0 || length > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + length + " for " + address);
        }
        address = address.masked(length);
    }

    /** {@code "10.1.0.0/24"}; a bare address is a host prefix. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress a = IpAddress.parse(text);
            return new IpPrefix(a, a.bitLength());
        }
        IpAddress a = IpAddress.parse(text.substring(0, slash));
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix: " + text);
        }
        return new IpPrefix(a, len);
    }

    public static IpPrefix host(IpAddress a) {
        return new IpPrefix(a, a.bitLength());
    }

    public boolean v6() {
        return address.v6();
    }

    public int family() {
        return address.family();
    }

    public boolean contains(IpAddress a) {
        return a.v6() == address.v6() && a.masked(length).equals(address);
    }

    public boolean contains(IpPrefix p) {
        return p.length >= length && contains(p.address);
    }

    @Override
    public int compareTo(IpPrefix o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}

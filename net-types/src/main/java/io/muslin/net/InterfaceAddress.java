package io.muslin.net;

/**
 * An address together with the length of the subnet it sits in, as configured on an interface
 * or written in a Calico {@code Node} ({@code 10.57.4.20/24}): host bits are the point here.
 */
public record InterfaceAddress(IpAddress address, int length) implements Comparable<InterfaceAddress> {

    public InterfaceAddress {
        address.checkLength(length);
    }

    /**
     * Parses {@code address/length}; a bare address gets the host length (/32 or /128).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static InterfaceAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress a = IpAddress.parse(text);
            return new InterfaceAddress(a, a.bitLength());
        }
        IpAddress a = IpPrefix.parseAddressPart(text, slash);
        return new InterfaceAddress(a, IpPrefix.parseLength(text, slash, a));
    }

    /** The subnet this address is in. */
    public IpPrefix subnet() {
        return IpPrefix.of(address, length);
    }

    public boolean v6() {
        return address.v6();
    }

    /** True when {@code other} is in the same subnet as this address (directly reachable on it). */
    public boolean sameSubnet(IpAddress other) {
        return subnet().contains(other);
    }

    @Override
    public int compareTo(InterfaceAddress o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}

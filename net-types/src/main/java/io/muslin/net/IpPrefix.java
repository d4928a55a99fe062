package io.muslin.net;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * A network: an address whose host bits are zero and a length ({@code 10.244.1.0/26},
 * {@code fd00:10::/64}). Built through {@link #of} (which clears host bits) or {@link #parse}
 * (which refuses them). Ordered by family, address, then length.
 */
public record IpPrefix(IpAddress address, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        address.checkLength(length);
        if (!address.isNetworkOf(length)) {
            throw new IllegalArgumentException(address + "/" + length + " has host bits set (the network is "
                    + address.masked(length) + "/" + length + ")");
        }
    }

    /** The network of {@code length} bits that holds {@code address} (host bits cleared). */
    public static IpPrefix of(IpAddress address, int length) {
        return new IpPrefix(address.masked(length), length);
    }

    public static IpPrefix of(InetAddress address, int length) {
        return of(IpAddress.of(address), length);
    }

    public static IpPrefix v4(int address, int length) {
        return of(IpAddress.v4(address), length);
    }

    public static IpPrefix v6(long hi, long lo, int length) {
        return of(IpAddress.v6(hi, lo), length);
    }

    /** The prefix that holds only {@code address} (/32 or /128). */
    public static IpPrefix host(IpAddress address) {
        return new IpPrefix(address, address.bitLength());
    }

    /**
     * Parses {@code address/length}. Host bits must be zero: {@code 10.0.0.1/16} is refused
     * with the network it probably meant.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: expected address/length");
        }
        IpAddress a = parseAddressPart(text, slash);
        int len = parseLength(text, slash, a);
        IpPrefix p = of(a, len);
        if (!p.address.equals(a)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set (the network is " + p + ")");
        }
        return p;
    }

    /** As {@link #parse}, but a bare address is its host prefix ({@code 10.0.0.1} = {@code 10.0.0.1/32}). */
    public static IpPrefix parseOrHost(String text) {
        return text.indexOf('/') < 0 ? host(IpAddress.parse(text)) : parse(text);
    }

    static IpAddress parseAddressPart(String text, int slash) {
        try {
            return IpAddress.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: " + e.getMessage());
        }
    }

    static int parseLength(String text, int slash, IpAddress a) {
        String l = text.substring(slash + 1);
        if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
        }
        int len = Integer.parseInt(l);
        if (len > a.bitLength()) {
            throw new IllegalArgumentException("'" + text + "' has prefix length " + len + ", outside 0.." + a.bitLength());
        }
        return len;
    }

    public boolean v6() {
        return address.v6();
    }

    public int family() {
        return address.family();
    }

    public int bitLength() {
        return address.bitLength();
    }

    public boolean isHost() {
        return length == address.bitLength();
    }

    public boolean contains(IpAddress a) {
        return a.v6() == v6() && a.masked(length).equals(address);
    }

    public boolean contains(InetAddress a) {
        return contains(IpAddress.of(a));
    }

    public boolean contains(IpPrefix p) {
        return p.v6() == v6() && p.length >= length && p.address.masked(length).equals(address);
    }

    public boolean overlaps(IpPrefix p) {
        return contains(p) || p.contains(this);
    }

    /** The number of addresses, 2^(bits - length). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bitLength() - length);
    }

    /** The {@code ordinal}-th address of this network (0 = the network address). */
    public IpAddress addressAt(long ordinal) {
        if (ordinal < 0 || (bitLength() - length < 63 && ordinal >= (1L << (bitLength() - length)))) {
            throw new IllegalArgumentException("ordinal " + ordinal + " is outside " + this);
        }
        return address.plus(ordinal);
    }

    /** The ordinal of {@code a} inside this network, or -1 when it is outside (or too far in for a long). */
    public long ordinalOf(IpAddress a) {
        if (!contains(a)) {
            return -1;
        }
        if (!v6()) {
            return a.lo() - address.lo();
        }
        long dHi = a.hi() - address.hi();
        long dLo = a.lo() - address.lo();
        if (Long.compareUnsigned(a.lo(), address.lo()) < 0) {
            dHi--;
        }
        return dHi == 0 && dLo >= 0 ? dLo : -1;
    }

    /** How many sub-networks of length {@code subLength} this network holds. */
    public BigInteger subnetCount(int subLength) {
        checkSubLength(subLength);
        return BigInteger.ONE.shiftLeft(subLength - length);
    }

    /** The {@code index}-th sub-network of length {@code subLength}. */
    public IpPrefix subnet(int subLength, BigInteger index) {
        checkSubLength(subLength);
        if (index.signum() < 0 || index.compareTo(subnetCount(subLength)) >= 0) {
            throw new IllegalArgumentException("subnet " + index + " of /" + subLength + " is outside " + this);
        }
        BigInteger base = toBigInteger(address).add(index.shiftLeft(bitLength() - subLength));
        return new IpPrefix(fromBigInteger(base, v6()), subLength);
    }

    private void checkSubLength(int subLength) {
        if (subLength < length || subLength > bitLength()) {
            throw new IllegalArgumentException("/" + subLength + " is not inside " + this);
        }
    }

    /** The last address of the network (the broadcast address of an IPv4 subnet). */
    public IpAddress lastAddress() {
        if (!v6()) {
            long hostMask = length == 0 ? 0xFFFFFFFFL : ((1L << (32 - length)) - 1);
            return IpAddress.v4((int) (address.lo() | hostMask));
        }
        return IpAddress.v6(address.hi() | ~IpAddress.highMask(length), address.lo() | ~IpAddress.lowMask(length));
    }

    /** A form usable in a key or a file name: {@code 10.0.0.0-24}, {@code fd00--48}. */
    public String keyForm() {
        return toString().replace('/', '-').replace(':', '-');
    }

    static BigInteger toBigInteger(IpAddress a) {
        return new BigInteger(1, a.toBytes());
    }

    static IpAddress fromBigInteger(BigInteger v, boolean v6) {
        int len = v6 ? 16 : 4;
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return IpAddress.fromBytes(out);
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

    /** A well-mixed hash of address and length (see {@link IpAddress#hashCode()}). */
    @Override
    public int hashCode() {
        long shape = (long) length << 8 | (address.v6() ? 1 : 0);
        return IpAddress.mix(address.hi() * 0x9E3779B97F4A7C15L + address.lo() + shape * 0xC2B2AE3D27D4EB4FL);
    }

    /** The record's equality, written out (see {@link IpAddress#equals}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && p.address.equals(address);
    }
}

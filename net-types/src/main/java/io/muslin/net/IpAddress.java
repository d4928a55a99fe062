package io.muslin.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as a value: two longs, no {@link InetAddress}, no name lookups. An
 * IPv4 address lives in the low 32 bits of {@code lo} with {@code hi} zero. Ordered IPv4 before
 * IPv6, then numerically.
 */
public record IpAddress(boolean v6, long hi, long lo) implements Comparable<IpAddress> {
    /** Linux address family numbers, as netlink and sockets use them. */
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public IpAddress {
        if (!v6 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range: hi=" + hi + " lo=" + lo);
        }
    }

    public static IpAddress v4(int address) {
        return new IpAddress(false, 0, address & 0xFFFFFFFFL);
    }

    public static IpAddress v4(int a, int b, int c, int d) {
        return v4((a << 24) | (b << 16) | (c << 8) | d);
    }

    public static IpAddress v6(long hi, long lo) {
        return new IpAddress(true, hi, lo);
    }

    /**
     * Parses a literal: dotted-quad IPv4 or RFC 4291 IPv6 text (with {@code ::} and an embedded
     * IPv4 tail). No name lookup ever happens.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static IpAddress parse(String text) {
        return IpText.parseAddress(text);
    }

    /** Address bytes in network order: 4 for IPv4, 16 for IPv6. */
    public static IpAddress fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    public static IpAddress fromBytes(byte[] bytes, int offset, int length) {
        if (length == 4) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (bytes[offset + i] & 0xFF);
            }
            return v4(v);
        }
        if (length == 16) {
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (bytes[offset + i] & 0xFF);
                l = (l << 8) | (bytes[offset + 8 + i] & 0xFF);
            }
            return v6(h, l);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
    }

    public static IpAddress of(InetAddress address) {
        return fromBytes(address.getAddress());
    }

    /** The unspecified address of a family ({@code 0.0.0.0} or {@code ::}). */
    public static IpAddress any(boolean v6) {
        return v6 ? v6(0, 0) : v4(0);
    }

    public int family() {
        return v6 ? AF_INET6 : AF_INET;
    }

    public int bitLength() {
        return v6 ? 128 : 32;
    }

    public int byteLength() {
        return v6 ? 16 : 4;
    }

    /** The IPv4 address as an int (IPv4 only). */
    public int v4Int() {
        if (v6) {
            throw new IllegalStateException(this + " is not an IPv4 address");
        }
        return (int) lo;
    }

    public byte[] toBytes() {
        byte[] out = new byte[byteLength()];
        writeTo(out, 0);
        return out;
    }

    /** Writes {@link #byteLength()} bytes in network order at {@code offset}. */
    public void writeTo(byte[] out, int offset) {
        if (!v6) {
            int v = (int) lo;
            out[offset] = (byte) (v >>> 24);
            out[offset + 1] = (byte) (v >>> 16);
            out[offset + 2] = (byte) (v >>> 8);
            out[offset + 3] = (byte) v;
            return;
        }
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (hi >>> (56 - 8 * i));
            out[offset + 8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This address with every bit after the first {@code length} cleared (the address itself when they are clear already). */
    public IpAddress masked(int length) {
        checkLength(length);
        if (isNetworkOf(length)) {
            return this;
        }
        if (!v6) {
            long mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
            return new IpAddress(false, 0, lo & mask);
        }
        return new IpAddress(true, hi & highMask(length), lo & lowMask(length));
    }

    /** True when every bit after the first {@code length} is zero (what {@link #masked} would keep), without a copy. */
    boolean isNetworkOf(int length) {
        checkLength(length);
        if (!v6) {
            return length == 32 || (lo & (0xFFFFFFFFL >>> length)) == 0;
        }
        return (hi & ~highMask(length)) == 0 && (lo & ~lowMask(length)) == 0;
    }

    /** The address {@code n} places further on (negative: back), within the family's range. */
    public IpAddress plus(long n) {
        if (!v6) {
            long v = lo + n;
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException(this + " + " + n + " is outside IPv4");
            }
            return new IpAddress(false, 0, v);
        }
        long l = lo + n;
        long h = hi;
        if (n >= 0 && Long.compareUnsigned(l, lo) < 0) {
            h++;
        } else if (n < 0 && Long.compareUnsigned(l, lo) > 0) {
            h--;
        }
        return new IpAddress(true, h, l);
    }

    public boolean isLoopback() {
        return v6 ? hi == 0 && lo == 1 : (lo >>> 24) == 127;
    }

    /** IPv4 169.254.0.0/16 or IPv6 fe80::/10. */
    public boolean isLinkLocal() {
        return v6 ? (hi >>> 54) == (0xFE80L >>> 6) : (lo >>> 16) == 0xA9FE;
    }

    public boolean isUnspecified() {
        return hi == 0 && lo == 0;
    }

    public boolean isMulticast() {
        return v6 ? (hi >>> 56) == 0xFF : (lo >>> 28) == 0xE;
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Boolean.compare(v6, o.v6);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6. */
    @Override
    public String toString() {
        return IpText.format(this);
    }

    /** The canonical text of a JDK address (no scope id, RFC 5952 for IPv6). */
    public static String format(InetAddress address) {
        if (address instanceof Inet6Address) {
            return IpText.format(of(address));
        }
        return address.getHostAddress();
    }

    void checkLength(int length) {
        if (length < 0 || length > bitLength()) {
            throw new IllegalArgumentException((v6 ? "IPv6" : "IPv4") + " prefix length " + length + " is outside 0.."
                    + bitLength());
        }
    }

    static long highMask(int length) {
        return length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
    }

    static long lowMask(int length) {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    /**
     * A well-mixed hash (the record's default leaves an IPv4 address's bits as they are, so tables
     * of /24s or of consecutive /32s crowd into a few of a hash map's bins).
     */
    @Override
    public int hashCode() {
        return mix(hi * 0x9E3779B97F4A7C15L + lo + (v6 ? 1 : 0));
    }

    /**
     * The record's equality, written out: the generated one runs through a method handle that a
     * JVM without its optimising compiler (as the speaker runs) calls on every comparison.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.lo == lo && a.hi == hi && a.v6 == v6;
    }

    /** SplitMix64's finaliser folded to an int: every input bit moves every output bit. */
    static int mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z ^ (z >>> 32));
    }
}

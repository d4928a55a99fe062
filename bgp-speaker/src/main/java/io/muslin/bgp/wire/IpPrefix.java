package io.muslin.bgp.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix, stored compactly: the address in two longs (IPv4 in the low 32 bits
 * of {@code lo}), host bits always zero. Immutable, cheap to hash and compare.
 */
public final class IpPrefix implements Comparable<IpPrefix> {
    private final long hi;
    private final long lo;
    private final byte length;
    private final boolean ipv6;

    private IpPrefix(long hi, long lo, int length, boolean ipv6) {
        this.hi = hi;
        this.lo = lo;
        this.length = (byte) length;
        this.ipv6 = ipv6;
    }

    /** An IPv4 prefix from the address as an int; host bits are cleared. */
    public static IpPrefix ipv4(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + length + " is outside 0..32");
        }
        int mask = length == 0 ? 0 : -1 << (32 - length);
        return new IpPrefix(0, (address & mask) & 0xFFFFFFFFL, length, false);
    }

    /** An IPv6 prefix from the address as two longs; host bits are cleared. */
    public static IpPrefix ipv6(long hi, long lo, int length) {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length " + length + " is outside 0..128");
        }
        long hiMask = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        long loMask = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        return new IpPrefix(hi & hiMask, lo & loMask, length, true);
    }

    /** A prefix from address bytes (4 or 16 of them, or fewer: the missing ones are zero). */
    public static IpPrefix of(boolean ipv6, byte[] bytes, int length) {
        if (!ipv6) {
            int a = 0;
            for (int i = 0; i < 4; i++) {
                a = (a << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
            }
            return ipv4(a, length);
        }
        long h = 0, l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        for (int i = 8; i < 16; i++) {
            l = (l << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return ipv6(h, l, length);
    }

    public static IpPrefix of(InetAddress address, int length) {
        return of(address instanceof Inet6Address, address.getAddress(), length);
    }

    /**
     * Parses {@code 10.244.1.0/26} or {@code fd00::/64}. Host bits must be zero.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: expected address/length");
        }
        String addr = text.substring(0, slash);
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
        }
        InetAddress address = parseAddress(addr);
        IpPrefix p = of(address, len);
        if (!p.toAddress().equals(address)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set (did you mean " + p + "?)");
        }
        return p;
    }

    /** Parses a literal IPv4 or IPv6 address without any name lookup. */
    public static InetAddress parseAddress(String text) {
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            InetAddress a = InetAddress.ofLiteral(text);
            return a;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public int length() {
        return length & 0xFF;
    }

    /** The IPv4 address as an int (only for IPv4 prefixes). */
    public int ipv4Address() {
        return (int) lo;
    }

    public long high() {
        return hi;
    }

    public long low() {
        return lo;
    }

    /** Number of address bytes that carry prefix bits ((length + 7) / 8), as in NLRI encoding. */
    public int significantBytes() {
        return (length() + 7) >>> 3;
    }

    /** Address byte {@code i} (0-based, network order). */
    public int addressByte(int i) {
        if (!ipv6) {
            return (int) (lo >>> (24 - 8 * i)) & 0xFF;
        }
        return i < 8 ? (int) (hi >>> (56 - 8 * i)) & 0xFF : (int) (lo >>> (120 - 8 * i)) & 0xFF;
    }

    public byte[] addressBytes() {
        byte[] b = new byte[ipv6 ? 16 : 4];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) addressByte(i);
        }
        return b;
    }

    public InetAddress toAddress() {
        try {
            return InetAddress.getByAddress(addressBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** True when {@code other} lies inside this prefix (equal or more specific). */
    public boolean contains(IpPrefix other) {
        if (other.ipv6 != ipv6 || other.length() < length()) {
            return false;
        }
        IpPrefix truncated = ipv6 ? ipv6(other.hi, other.lo, length()) : ipv4((int) other.lo, length());
        return truncated.hi == hi && truncated.lo == lo;
    }

    public boolean contains(InetAddress address) {
        return contains(of(address, address instanceof Inet4Address ? 32 : 128));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.hi == hi && p.lo == lo && p.length == length && p.ipv6 == ipv6;
    }

    @Override
    public int hashCode() {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL ^ (length() * 31L) ^ (ipv6 ? 1 : 0);
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public int compareTo(IpPrefix o) {
        if (ipv6 != o.ipv6) {
            return ipv6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        if (c == 0) {
            c = Long.compareUnsigned(lo, o.lo);
        }
        return c != 0 ? c : Integer.compare(length(), o.length());
    }

    @Override
    public String toString() {
        return formatAddress(addressBytes()) + "/" + length();
    }

    /** RFC 5952 text form: dotted quad for IPv4; for IPv6 lower case, longest zero run as "::". */
    public static String formatAddress(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    public static String formatAddress(InetAddress address) {
        return formatAddress(address.getAddress());
    }
}

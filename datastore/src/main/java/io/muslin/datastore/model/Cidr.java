package io.muslin.datastore.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR form, with the address arithmetic IPAM needs (the n-th address,
 * an address's ordinal, containment and overlap, the n-th sub-block). Host bits must be zero.
 */
public final class Cidr implements Comparable<Cidr> {
    private final BigInteger network;
    private final int prefixLength;
    private final boolean ipv6;

    private Cidr(BigInteger network, int prefixLength, boolean ipv6) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.ipv6 = ipv6;
    }

    /** Parses "10.0.0.0/16" or "fd00::/48"; the message of the exception says what is wrong. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (missing /prefix-length)");
        }
        String addr = text.substring(0, slash);
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length");
        }
        byte[] bytes = parseAddress(addr, text);
        int bits = bytes.length * 8;
        if (len < 0 || len > bits) {
            throw new IllegalArgumentException("'" + text + "': prefix length " + len + " is out of range 0.." + bits);
        }
        BigInteger value = new BigInteger(1, bytes);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - len).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set (network address is "
                    + new Cidr(value.andNot(hostMask), len, bits == 128) + ")");
        }
        return new Cidr(value, len, bits == 128);
    }

    /** A single address as /32 or /128. */
    public static Cidr host(InetAddress address) {
        byte[] b = address.getAddress();
        return new Cidr(new BigInteger(1, b), b.length * 8, b.length == 16);
    }

    /** Parses a bare IPv4 or IPv6 address literal (no host names). */
    public static InetAddress parseIp(String text) {
        return toInet(parseAddress(text, text));
    }

    private static byte[] parseAddress(String addr, String whole) {
        boolean v4 = addr.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = addr.contains(":") && addr.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv4 or IPv6 address");
        }
        if (v4) {
            for (String part : addr.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("'" + whole + "' has an IPv4 octet above 255");
                }
            }
        }
        try {
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("'" + whole + "' is not a valid address");
        }
    }

    private static InetAddress toInet(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public int bits() {
        return ipv6 ? 128 : 32;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Number of addresses (2^(bits - prefix)). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits() - prefixLength);
    }

    public InetAddress networkAddress() {
        return addressAt(BigInteger.ZERO);
    }

    public InetAddress addressAt(long ordinal) {
        return addressAt(BigInteger.valueOf(ordinal));
    }

    public InetAddress addressAt(BigInteger ordinal) {
        if (ordinal.signum() < 0 || ordinal.compareTo(size()) >= 0) {
            throw new IllegalArgumentException("ordinal " + ordinal + " outside " + this);
        }
        return toInet(toBytes(network.add(ordinal)));
    }

    /** The ordinal of {@code address} inside this network, or -1 when it is outside. */
    public long ordinalOf(InetAddress address) {
        byte[] b = address.getAddress();
        if ((b.length == 16) != ipv6) {
            return -1;
        }
        BigInteger off = new BigInteger(1, b).subtract(network);
        if (off.signum() < 0 || off.compareTo(size()) >= 0) {
            return -1;
        }
        return off.longValueExact();
    }

    public boolean contains(InetAddress address) {
        byte[] b = address.getAddress();
        if ((b.length == 16) != ipv6) {
            return false;
        }
        BigInteger off = new BigInteger(1, b).subtract(network);
        return off.signum() >= 0 && off.compareTo(size()) < 0;
    }

    public boolean contains(Cidr other) {
        return other.ipv6 == ipv6 && other.prefixLength >= prefixLength
                && other.network.shiftRight(bits() - prefixLength).equals(network.shiftRight(bits() - prefixLength));
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** How many sub-networks of length {@code subPrefix} this network holds. */
    public BigInteger subnetCount(int subPrefix) {
        return BigInteger.ONE.shiftLeft(subPrefix - prefixLength);
    }

    /** The {@code index}-th sub-network of length {@code subPrefix}. */
    public Cidr subnet(int subPrefix, BigInteger index) {
        if (subPrefix < prefixLength || subPrefix > bits()) {
            throw new IllegalArgumentException("/" + subPrefix + " is not inside " + this);
        }
        return new Cidr(network.add(index.shiftLeft(bits() - subPrefix)), subPrefix, ipv6);
    }

    /** The sub-network of length {@code subPrefix} that holds {@code address}. */
    public static Cidr enclosing(InetAddress address, int subPrefix) {
        byte[] b = address.getAddress();
        int bits = b.length * 8;
        BigInteger v = new BigInteger(1, b).shiftRight(bits - subPrefix).shiftLeft(bits - subPrefix);
        return new Cidr(v, subPrefix, bits == 128);
    }

    private byte[] toBytes(BigInteger v) {
        int len = ipv6 ? 16 : 4;
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    /** A form usable in a key or a name: '/' becomes '-', ':' becomes '-' for IPv6 ("fd00--48"). */
    public String keyForm() {
        return toString().replace('/', '-').replace(':', '-');
    }

    /** The canonical text of an address (compressed IPv6, no scope). */
    public static String format(InetAddress a) {
        String s = a.getHostAddress();
        if (a.getAddress().length == 16) {
            // InetAddress prints full form; compress the longest zero run.
            return compress(a.getAddress());
        }
        return s;
    }

    private static String compress(byte[] b) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(words[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format(networkAddress()) + "/" + prefixLength;
    }

    @Override
    public int compareTo(Cidr o) {
        int c = Boolean.compare(ipv6, o.ipv6);
        if (c != 0) {
            return c;
        }
        c = network.compareTo(o.network);
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.ipv6 == ipv6 && c.prefixLength == prefixLength && c.network.equals(network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, prefixLength, ipv6);
    }
}

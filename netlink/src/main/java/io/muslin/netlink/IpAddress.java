package io.muslin.netlink;

/**
 * An IPv4 or IPv6 address as a value: two longs, no {@code InetAddress}, no name lookups.
 * IPv4 addresses live in the low 32 bits of {@code lo}.
 */
public record IpAddress(boolean v6, long hi, long lo) implements Comparable<IpAddress> {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public IpAddress {
        if (!v6 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    public static IpAddress v4(int address) {
        return new IpAddress(false, 0, address & 0xffffffffL);
    }

    public static IpAddress v4(int a, int b, int c, int d) {
        return v4((a << 24) | (b << 16) | (c << 8) | d);
    }

    /** Parses dotted IPv4 or RFC 4291 text IPv6 (with {@code ::}). */
    public static IpAddress parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            v = (v << 8) | octet;
        }
        return v4(v);
    }

    private static IpAddress parseV6(String text) {
        int dc = text.indexOf("::");
        String[] head;
        String[] tail;
        if (dc >= 0) {
            String h = text.substring(0, dc);
            String t = text.substring(dc + 2);
            head = h.isEmpty() ? new String[0] : h.split(":", -1);
            tail = t.isEmpty() ? new String[0] : t.split(":", -1);
        } else {
            head = text.split(":", -1);
            tail = new String[0];
        }
        int[] groups = new int[8];
        if (head.length + tail.length > (dc >= 0 ? 7 : 8) || (dc < 0 && head.length != 8)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        for (int i = 0; i < head.length; i++) {
            groups[i] = group(head[i], text);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = group(tail[i], text);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new IpAddress(true, hi, lo);
    }

    private static int group(String g, String text) {
        if (g.isEmpty() || g.length() > 4) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            return Integer.parseInt(g, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
    }

    /** Network byte order, 4 or 16 bytes. */
    public static IpAddress fromBytes(byte[] b, int off, int len) {
        if (len == 4) {
            return v4(((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                    | (b[off + 3] & 0xff));
        }
        if (len == 16) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[off + i] & 0xff);
                lo = (lo << 8) | (b[off + 8 + i] & 0xff);
            }
            return new IpAddress(true, hi, lo);
        }
        throw new IllegalArgumentException("address length " + len);
    }

    public static IpAddress fromBytes(byte[] b) {
        return fromBytes(b, 0, b.length);
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

    /** The IPv4 address as an int (network order value). */
    public int v4Int() {
        return (int) lo;
    }

    public byte[] toBytes() {
        byte[] out = new byte[byteLength()];
        writeTo(out, 0);
        return out;
    }

    public void writeTo(byte[] out, int off) {
        if (!v6) {
            int v = (int) lo;
            out[off] = (byte) (v >>> 24);
            out[off + 1] = (byte) (v >>> 16);
            out[off + 2] = (byte) (v >>> 8);
            out[off + 3] = (byte) v;
        } else {
            for (int i = 0; i < 8; i++) {
                out[off + i] = (byte) (hi >>> (56 - 8 * i));
                out[off + 8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
        }
    }

    /** This address with all bits after the first {@code length} cleared. */
    public IpAddress masked(int length) {
        if (!v6) {
            long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
            return new IpAddress(false, 0, lo & mask);
        }
        long hm = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        long lm = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        return new IpAddress(true, hi & hm, lo & lm);
    }

    @Override
    public int compareTo(IpAddress o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        if (!v6) {
            int v = (int) lo;
            return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
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
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}

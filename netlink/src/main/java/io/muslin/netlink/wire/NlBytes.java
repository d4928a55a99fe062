package io.muslin.netlink.wire;

/**
 * Reads from a byte array: little-endian for netlink's own fields (host order; x86-64/arm64 are
 * LE), big-endian (network order) for addresses.
 */
public final class NlBytes {
    private NlBytes() {
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
    }

    public static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 24);
    }

    /** Network-order (big-endian) 32 bits, as an IPv4 address is carried. */
    public static int be32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** Network-order (big-endian) 64 bits, half of an IPv6 address. */
    public static long be64(byte[] b, int off) {
        return ((long) be32(b, off) << 32) | (be32(b, off + 4) & 0xFFFFFFFFL);
    }
}

package io.muslin.netlink.wire;

/** Little-endian reads from a byte array (netlink headers are in host order; x86-64/arm64 are LE). */
public final class NlBytes {
    private NlBytes() {
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
    }

    public static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 24);
    }
}

package io.muslin.netlink.wire;

import io.muslin.net.IpAddress;

/**
 * Hands out the same {@link IpAddress} for the same bytes while one dump is decoded: a table of
 * 100,000 routes through a handful of gateways then holds a handful of gateway objects, not
 * 100,000. A small direct-mapped cache (last address per slot); not thread-safe, one per dump.
 */
public final class RecentAddresses {
    private static final int SLOTS = 64;
    private final int[] v4Keys = new int[SLOTS];
    private final IpAddress[] v4 = new IpAddress[SLOTS];
    private final long[] v6Hi = new long[SLOTS];
    private final long[] v6Lo = new long[SLOTS];
    private final IpAddress[] v6 = new IpAddress[SLOTS];

    /** The address in {@code buf[off, off + len)} (4 or 16 bytes, network order). */
    public IpAddress get(byte[] buf, int off, int len) {
        if (len == 4) {
            int v = NlBytes.be32(buf, off);
            int slot = (v ^ (v >>> 8) ^ (v >>> 16)) & (SLOTS - 1);
            IpAddress a = v4[slot];
            if (a == null || v4Keys[slot] != v) {
                a = IpAddress.v4(v);
                v4[slot] = a;
                v4Keys[slot] = v;
            }
            return a;
        }
        if (len == 16) {
            long hi = NlBytes.be64(buf, off);
            long lo = NlBytes.be64(buf, off + 8);
            int slot = (int) (lo ^ (lo >>> 16) ^ (hi >>> 48)) & (SLOTS - 1);
            IpAddress a = v6[slot];
            if (a == null || v6Hi[slot] != hi || v6Lo[slot] != lo) {
                a = IpAddress.v6(hi, lo);
                v6[slot] = a;
                v6Hi[slot] = hi;
                v6Lo[slot] = lo;
            }
            return a;
        }
        return IpAddress.fromBytes(buf, off, len); // throws, naming the length
    }
}

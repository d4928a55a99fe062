package io.muslin.netlink.wire;

import io.muslin.net.IpAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads a run of 4-byte-aligned attributes ({@code struct rtattr}/{@code nlattr}) in place:
 * {@code while (a.next()) switch (a.type()) ...}. Malformed lengths end the walk
 * instead of reading past the region.
 */
public final class NlAttrs {
    private final byte[] buf;
    private final int end;
    private int next;
    private int type;
    private int valueOff;
    private int valueLen;

    public NlAttrs(byte[] buf, int off, int end) {
        this.buf = buf;
        this.next = off;
        this.end = end;
    }

    public boolean next() {
        if (next + 4 > end) {
            return false;
        }
        int len = NlBytes.u16(buf, next);
        if (len < 4 || next + len > end) {
            next = end;
            return false;
        }
        type = NlBytes.u16(buf, next + 2) & 0x3fff; // strip NLA_F_NESTED / NLA_F_NET_BYTEORDER
        valueOff = next + 4;
        valueLen = len - 4;
        next += (len + 3) & ~3;
        return true;
    }

    public int type() {
        return type;
    }

    public int offset() {
        return valueOff;
    }

    public int length() {
        return valueLen;
    }

    public int u8() {
        return buf[valueOff] & 0xff;
    }

    public int u16() {
        return NlBytes.u16(buf, valueOff);
    }

    public int be16() {
        return ((buf[valueOff] & 0xff) << 8) | (buf[valueOff + 1] & 0xff);
    }

    public int u32() {
        return NlBytes.u32(buf, valueOff);
    }

    public IpAddress address() {
        return IpAddress.fromBytes(buf, valueOff, valueLen);
    }

    public String string() {
        int n = valueLen;
        while (n > 0 && buf[valueOff + n - 1] == 0) {
            n--;
        }
        return new String(buf, valueOff, n, StandardCharsets.UTF_8);
    }

    public NlAttrs nested() {
        return new NlAttrs(buf, valueOff, valueOff + valueLen);
    }

    public byte[] buffer() {
        return buf;
    }
}

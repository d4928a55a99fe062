package io.muslin.netlink.wire;

import io.muslin.net.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes netlink messages into a growable byte array: host (little-endian) byte order for
 * headers and integer attributes, 4-byte alignment ({@code NLMSG_ALIGN}, {@code RTA_ALIGN}),
 * nested attributes by start/end. Several messages may be written back to back (a batch).
 */
public final class NlWriter {
    private byte[] buf;
    private int pos;

    public NlWriter(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    public NlWriter() {
        this(4096);
    }

    public int position() {
        return pos;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    public void reset() {
        pos = 0;
    }

    /** Drops everything written after {@code position} (undo a message that did not fit). */
    public void truncate(int position) {
        pos = position;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public NlWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public NlWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        return this;
    }

    public NlWriter u32(int v) {
        ensure(4);
        putU32(pos, v);
        pos += 4;
        return this;
    }

    public NlWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    public NlWriter zeros(int n) {
        ensure(n);
        Arrays.fill(buf, pos, pos + n, (byte) 0);
        pos += n;
        return this;
    }

    public void align() {
        int pad = (4 - (pos & 3)) & 3;
        if (pad != 0) {
            zeros(pad);
        }
    }

    private void putU32(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    private void putU16(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
    }

    /** Starts an {@code nlmsghdr}; returns its offset for {@link #endMessage}. */
    public int beginMessage(int type, int flags, int seq, int pid) {
        align();
        int start = pos;
        u32(0).u16(type).u16(flags).u32(seq).u32(pid);
        return start;
    }

    public void endMessage(int start) {
        putU32(start, pos - start);
        align();
    }

    private int attrHeader(int type, int payloadLen) {
        ensure(4 + payloadLen + 3);
        int start = pos;
        u16(4 + payloadLen).u16(type);
        return start;
    }

    public NlWriter attr(int type, byte[] payload) {
        attrHeader(type, payload.length);
        bytes(payload);
        align();
        return this;
    }

    public NlWriter attrU8(int type, int v) {
        attrHeader(type, 1);
        u8(v);
        align();
        return this;
    }

    public NlWriter attrU16(int type, int v) {
        attrHeader(type, 2);
        u16(v);
        align();
        return this;
    }

    /** A 16-bit value in network byte order (ports). */
    public NlWriter attrBe16(int type, int v) {
        attrHeader(type, 2);
        u8(v >>> 8).u8(v);
        align();
        return this;
    }

    public NlWriter attrU32(int type, int v) {
        attrHeader(type, 4);
        u32(v);
        return this;
    }

    /** A NUL-terminated string. */
    public NlWriter attrString(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        attrHeader(type, b.length + 1);
        bytes(b);
        u8(0);
        align();
        return this;
    }

    /** A string without the terminating NUL (IFLA_INFO_KIND, as iproute2 sends it). */
    public NlWriter attrStringNoNul(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        attrHeader(type, b.length);
        bytes(b);
        align();
        return this;
    }

    public NlWriter attrAddress(int type, IpAddress a) {
        int len = a.byteLength();
        attrHeader(type, len);
        ensure(len);
        a.writeTo(buf, pos);
        pos += len;
        return this;
    }

    /** Starts a nested attribute; returns its offset for {@link #endNested}. */
    public int beginNested(int type) {
        return attrHeader(type, 0);
    }

    public void endNested(int start) {
        putU16(start, pos - start);
        align();
    }
}

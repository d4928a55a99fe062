package io.muslin.bgp.wire;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Prefix lists as encoded in NLRI, withdrawn routes and MP_(UN)REACH (RFC 4271 §4.3, RFC 4760 §5). */
final class Nlri {
    private Nlri() {
    }

    /**
     * Decodes {@code length} bytes of length-prefixed prefixes; host bits beyond the length are
     * cleared. The list is sized for the common prefix lengths (/24 and /32 IPv4, /64 IPv6) so it
     * rarely grows: a full table is decoded a million prefixes at a time.
     */
    static List<IpPrefix> decode(ByteBuf buf, int length, boolean ipv6) throws MalformedException {
        if (buf.hasArray() && length <= buf.readableBytes()) {
            List<IpPrefix> out = decode(buf.array(), buf.arrayOffset() + buf.readerIndex(), length, ipv6);
            buf.skipBytes(length);
            return out;
        }
        List<IpPrefix> out = new ArrayList<>(ipv6 ? length / 9 + 1 : length / 4 + 1);
        int end = buf.readerIndex() + length;
        int maxBits = ipv6 ? 128 : 32;
        while (buf.readerIndex() < end) {
            int bits = buf.readUnsignedByte();
            if (bits > maxBits) {
                throw new MalformedException(Notification.INVALID_NETWORK_FIELD,
                        "prefix length " + bits + " is longer than " + maxBits);
            }
            int bytes = (bits + 7) >>> 3;
            if (buf.readerIndex() + bytes > end) {
                throw new MalformedException(Notification.INVALID_NETWORK_FIELD,
                        "prefix of length " + bits + " runs past the end of its field");
            }
            if (!ipv6) {
                int a = 0;
                for (int i = 0; i < 4; i++) {
                    a = (a << 8) | (i < bytes ? buf.readUnsignedByte() : 0);
                }
                out.add(new IpPrefix(IpAddress.v4(bits == 0 ? 0 : a & (-1 << (32 - bits))), bits));
            } else {
                long hi = 0, lo = 0;
                for (int i = 0; i < 16; i++) {
                    int b = i < bytes ? buf.readUnsignedByte() : 0;
                    if (i < 8) {
                        hi = (hi << 8) | b;
                    } else {
                        lo = (lo << 8) | b;
                    }
                }
                out.add(new IpPrefix(IpAddress.v6(hi & highMask(bits), lo & lowMask(bits)), bits));
            }
        }
        return out;
    }

    /** As above, from an array (a message on the heap): no buffer call per octet. */
    private static List<IpPrefix> decode(byte[] b, int from, int length, boolean ipv6) throws MalformedException {
        IpPrefix[] out = new IpPrefix[count(b, from, from + length, ipv6 ? 128 : 32)];
        int n = 0;
        int end = from + length;
        int at = from;
        while (at < end) {
            int bits = b[at++] & 0xFF;
            int bytes = (bits + 7) >>> 3;
            if (!ipv6) {
                int a = 0;
                for (int i = 0; i < 4; i++) {
                    a = (a << 8) | (i < bytes ? b[at + i] & 0xFF : 0);
                }
                out[n++] = new IpPrefix(IpAddress.v4(bits == 0 ? 0 : a & (-1 << (32 - bits))), bits);
            } else {
                long hi = 0, lo = 0;
                for (int i = 0; i < 16; i++) {
                    int v = i < bytes ? b[at + i] & 0xFF : 0;
                    if (i < 8) {
                        hi = (hi << 8) | v;
                    } else {
                        lo = (lo << 8) | v;
                    }
                }
                out[n++] = new IpPrefix(IpAddress.v6(hi & highMask(bits), lo & lowMask(bits)), bits);
            }
            at += bytes;
        }
        return FrozenList.wrap(out, n);
    }

    /** How many prefixes lie between {@code at} and {@code end}, each checked to fit (the first pass). */
    private static int count(byte[] b, int at, int end, int maxBits) throws MalformedException {
        int n = 0;
        while (at < end) {
            int bits = b[at++] & 0xFF;
            if (bits > maxBits) {
                throw new MalformedException(Notification.INVALID_NETWORK_FIELD,
                        "prefix length " + bits + " is longer than " + maxBits);
            }
            at += (bits + 7) >>> 3;
            if (at > end) {
                throw new MalformedException(Notification.INVALID_NETWORK_FIELD,
                        "prefix of length " + bits + " runs past the end of its field");
            }
            n++;
        }
        return n;
    }

    static void encode(List<IpPrefix> prefixes, ByteBuf out) {
        for (IpPrefix p : prefixes) {
            encode(p, out);
        }
    }

    static void encode(IpPrefix p, ByteBuf out) {
        out.writeByte(p.length());
        int n = significantBytes(p);
        IpAddress a = p.address();
        if (!a.v6()) {
            int v = (int) a.lo();
            for (int i = 0; i < n; i++) {
                out.writeByte(v >>> (24 - 8 * i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.writeByte((int) ((i < 8 ? a.hi() : a.lo()) >>> (56 - 8 * (i & 7))));
            }
        }
    }

    /** Number of address bytes that carry prefix bits ((length + 7) / 8), as NLRI encodes them. */
    static int significantBytes(IpPrefix p) {
        return (p.length() + 7) >>> 3;
    }

    /** Encoded size of one prefix. */
    static int size(IpPrefix p) {
        return 1 + significantBytes(p);
    }

    private static long highMask(int bits) {
        return bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    }

    private static long lowMask(int bits) {
        return bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
    }
}

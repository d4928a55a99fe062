package io.muslin.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** Prefix lists as encoded in NLRI, withdrawn routes and MP_(UN)REACH (RFC 4271 §4.3, RFC 4760 §5). */
final class Nlri {
    private Nlri() {
    }

    /** Decodes {@code length} bytes of length-prefixed prefixes; host bits beyond the length are cleared. */
    static void decode(ByteBuf buf, int length, boolean ipv6, List<IpPrefix> out) throws MalformedException {
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
                out.add(IpPrefix.ipv4(a, bits));
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
                out.add(IpPrefix.ipv6(hi, lo, bits));
            }
        }
    }

    static void encode(List<IpPrefix> prefixes, ByteBuf out) {
        for (IpPrefix p : prefixes) {
            encode(p, out);
        }
    }

    static void encode(IpPrefix p, ByteBuf out) {
        out.writeByte(p.length());
        int n = p.significantBytes();
        if (!p.isIpv6()) {
            int a = p.ipv4Address();
            for (int i = 0; i < n; i++) {
                out.writeByte(a >>> (24 - 8 * i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.writeByte(p.addressByte(i));
            }
        }
    }

    /** Encoded size of one prefix. */
    static int size(IpPrefix p) {
        return 1 + p.significantBytes();
    }
}

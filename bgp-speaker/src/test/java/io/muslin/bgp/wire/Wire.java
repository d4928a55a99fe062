package io.muslin.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds raw messages byte by byte for tests, independent of {@link MessageEncoder}. */
final class Wire {
    private Wire() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s:]", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A whole message: marker, length, type, body. */
    static byte[] message(int type, byte[] body) {
        int length = 19 + body.length;
        byte[] header = new byte[19];
        java.util.Arrays.fill(header, 0, 16, (byte) 0xFF);
        header[16] = (byte) (length >>> 8);
        header[17] = (byte) length;
        header[18] = (byte) type;
        return concat(header, body);
    }

    /** An attribute with a one-octet length (or two when flags say extended). */
    static byte[] attr(int flags, int code, byte[] value) {
        if ((flags & 0x10) != 0) {
            return concat(bytes(flags, code, value.length >>> 8, value.length), value);
        }
        return concat(bytes(flags, code, value.length), value);
    }

    /** An UPDATE message from its three parts. */
    static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        return message(2, concat(bytes(withdrawn.length >>> 8, withdrawn.length), withdrawn,
                bytes(attributes.length >>> 8, attributes.length), attributes, nlri));
    }

    static final byte[] ORIGIN_IGP = attr(0x40, 1, bytes(0));
    static final byte[] AS_PATH_65001 = attr(0x40, 2, bytes(2, 1, 0, 0, 0xFD, 0xE9));
    static final byte[] NEXT_HOP_10_0_0_1 = attr(0x40, 3, bytes(10, 0, 0, 1));
    static final byte[] NLRI_10_1_0_0_16 = bytes(16, 10, 1);

    static byte[] validAttributes() {
        return concat(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_10_0_0_1);
    }

    static DecodedMessage decode(byte[] message, CodecContext ctx) throws BgpProtocolException {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        return MessageDecoder.decode(buf, ctx);
    }
}

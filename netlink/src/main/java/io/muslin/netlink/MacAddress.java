package io.muslin.netlink;

import io.muslin.net.IpAddress;
import java.util.HexFormat;

/** A 48-bit Ethernet address as a value. */
public record MacAddress(long value) {

    public MacAddress {
        if ((value >>> 48) != 0) {
            throw new IllegalArgumentException("MAC out of range");
        }
    }

    public static MacAddress parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long v = 0;
        for (String p : parts) {
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return new MacAddress(v);
    }

    public static MacAddress fromBytes(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return new MacAddress(v);
    }

    /**
     * A locally administered unicast MAC derived from an IPv4 address: {@code 02:4d:a.b.c.d}
     * (0x4d is 'M'), so every node can compute every other node's vxlan MAC.
     */
    public static MacAddress fromIpv4(IpAddress ip) {
        if (ip.v6()) {
            throw new IllegalArgumentException("IPv4 expected: " + ip);
        }
        return new MacAddress((0x024dL << 32) | (ip.lo() & 0xffffffffL));
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (value >>> (40 - 8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        HexFormat hf = HexFormat.ofDelimiter(":");
        return hf.formatHex(toBytes());
    }
}

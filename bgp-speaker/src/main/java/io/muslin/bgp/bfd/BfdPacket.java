package io.muslin.bgp.bfd;

import java.nio.ByteBuffer;

/**
 * A BFD Control packet (RFC 5880 §4.1), without authentication: intervals in microseconds as on
 * the wire.
 *
 * @param poll                 P: the sender asks for a packet with F set (a timer change)
 * @param fin                  F: the answer to a poll
 * @param controlIndependent   C: the sender's BFD does not share fate with its control plane
 * @param authenticated        A: an authentication section follows (we use none: such packets are dropped)
 * @param demand               D: the sender wants demand mode
 * @param desiredMinTxUs       DesiredMinTxInterval
 * @param requiredMinRxUs      RequiredMinRxInterval
 * @param requiredMinEchoRxUs  RequiredMinEchoRxInterval (we send 0: no echo)
 */
public record BfdPacket(Diagnostic diag, BfdState state, boolean poll, boolean fin, boolean controlIndependent,
                        boolean authenticated, boolean demand, int detectMult, int myDiscriminator,
                        int yourDiscriminator, long desiredMinTxUs, long requiredMinRxUs, long requiredMinEchoRxUs) {
    public static final int VERSION = 1;
    /** Length of a packet without authentication. */
    public static final int LENGTH = 24;

    /** Writes the 24 bytes at the buffer's position. */
    public void encode(ByteBuffer out) {
        out.put((byte) (VERSION << 5 | diag.code() & 0x1F));
        out.put((byte) (state.code() << 6 | (poll ? 0x20 : 0) | (fin ? 0x10 : 0) | (controlIndependent ? 0x08 : 0)
                | (authenticated ? 0x04 : 0) | (demand ? 0x02 : 0)));
        out.put((byte) detectMult);
        out.put((byte) LENGTH);
        out.putInt(myDiscriminator);
        out.putInt(yourDiscriminator);
        out.putInt((int) desiredMinTxUs);
        out.putInt((int) requiredMinRxUs);
        out.putInt((int) requiredMinEchoRxUs);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        encode(b);
        return b.array();
    }

    /**
     * Reads one packet and applies the checks of RFC 5880 §6.8.6 that need no session: version 1,
     * length at least 24 (26 with A) and no more than what arrived, Detect Mult not zero,
     * Multipoint clear, My Discriminator not zero, Your Discriminator zero only in Down or
     * AdminDown.
     *
     * @param in the datagram's payload from its position to its limit
     * @throws Malformed naming the first check that failed
     */
    public static BfdPacket decode(ByteBuffer in) throws Malformed {
        int available = in.remaining();
        if (available < LENGTH) {
            throw new Malformed("short packet: " + available + " bytes");
        }
        int p = in.position();
        int b0 = in.get(p) & 0xFF;
        int b1 = in.get(p + 1) & 0xFF;
        int version = b0 >>> 5;
        if (version != VERSION) {
            throw new Malformed("version " + version);
        }
        boolean auth = (b1 & 0x04) != 0;
        int length = in.get(p + 3) & 0xFF;
        if (length < (auth ? LENGTH + 2 : LENGTH)) {
            throw new Malformed("length field " + length + " is too small");
        }
        if (length > available) {
            throw new Malformed("length field " + length + " exceeds the " + available + " bytes received");
        }
        int mult = in.get(p + 2) & 0xFF;
        if (mult == 0) {
            throw new Malformed("detect multiplier 0");
        }
        if ((b1 & 0x01) != 0) {
            throw new Malformed("multipoint bit set");
        }
        int my = in.getInt(p + 4);
        if (my == 0) {
            throw new Malformed("my discriminator 0");
        }
        int your = in.getInt(p + 8);
        BfdState state = BfdState.of(b1 >>> 6);
        if (your == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN) {
            throw new Malformed("your discriminator 0 in state " + state.label());
        }
        return new BfdPacket(Diagnostic.of(b0 & 0x1F), state, (b1 & 0x20) != 0, (b1 & 0x10) != 0, (b1 & 0x08) != 0, auth,
                (b1 & 0x02) != 0, mult, my, your, Integer.toUnsignedLong(in.getInt(p + 12)),
                Integer.toUnsignedLong(in.getInt(p + 16)), Integer.toUnsignedLong(in.getInt(p + 20)));
    }

    /** A packet RFC 5880 §6.8.6 says to discard, with the reason for the drop counters and debug log. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}

package io.muslin.netlink.wire;

/**
 * One received message, viewed in place: header fields and the payload region
 * {@code [payload, end)} of {@code buf}. {@link #parseAll} walks a receive buffer.
 */
public record NlMessage(byte[] buf, int start, int length, int type, int flags, int seq, int pid) {

    public int payload() {
        return start + Nl.HDRLEN;
    }

    public int end() {
        return start + length;
    }

    /** Calls {@code sink} for each well-formed message in {@code buf[0, len)}. */
    public static void parseAll(byte[] buf, int len, java.util.function.Consumer<NlMessage> sink) {
        int off = 0;
        while (off + Nl.HDRLEN <= len) {
            int mlen = NlBytes.u32(buf, off);
            if (mlen < Nl.HDRLEN || off + mlen > len) {
                return;
            }
            sink.accept(new NlMessage(buf, off, mlen, NlBytes.u16(buf, off + 4), NlBytes.u16(buf, off + 6),
                    NlBytes.u32(buf, off + 8), NlBytes.u32(buf, off + 12)));
            off += (mlen + 3) & ~3;
        }
    }

    /** For NLMSG_ERROR: the errno (positive), 0 for an ACK. */
    public int errno() {
        return -NlBytes.u32(buf, payload());
    }

    /** For NLMSG_ERROR: the sequence number of the request it answers. */
    public int errorSeq() {
        return NlBytes.u32(buf, payload() + 4 + 8);
    }

    /** For NLMSG_ERROR with extended ack: the kernel's message ("Nexthop has invalid gateway"), or null. */
    public String extAckMessage() {
        if ((flags & Nl.F_ACK_TLVS) == 0) {
            return null;
        }
        int origLen = NlBytes.u32(buf, payload() + 4);
        int tlvs = payload() + 4 + ((flags & Nl.F_CAPPED) != 0 ? Nl.HDRLEN : ((origLen + 3) & ~3));
        NlAttrs a = new NlAttrs(buf, tlvs, end());
        while (a.next()) {
            if (a.type() == Nl.NLMSGERR_ATTR_MSG) {
                return a.string();
            }
        }
        return null;
    }
}

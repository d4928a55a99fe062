package io.muslin.netlink.wire;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;

/** {@code ifaddrmsg} addresses: IFA_LOCAL then IFA_ADDRESS, as {@code ip addr add} sends them. */
public final class AddrCodec {
    private AddrCodec() {
    }

    public static final int ADD_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL;
    public static final int REPLACE_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_REPLACE;
    public static final int DEL_FLAGS = Nl.F_REQUEST | Nl.F_ACK;

    public static void encode(NlWriter w, int type, int flags, Addr a, int seq) {
        int m = w.beginMessage(type, flags, seq, 0);
        w.u8(a.family()).u8(a.prefixLength()).u8(a.flags() & 0xff).u8(a.scope()).u32(a.ifIndex());
        w.attrAddress(Nl.IFA_LOCAL, a.ip());
        w.attrAddress(Nl.IFA_ADDRESS, a.ip());
        if (a.label() != null) {
            w.attrString(Nl.IFA_LABEL, a.label());
        }
        w.endMessage(m);
    }

    public static void encodeDump(NlWriter w, int family, int seq) {
        int m = w.beginMessage(Nl.RTM_GETADDR, Nl.F_REQUEST | Nl.F_DUMP, seq, 0);
        w.u8(family).zeros(7);
        w.endMessage(m);
    }

    public static Addr decode(NlMessage msg) {
        byte[] b = msg.buf();
        int p = msg.payload();
        if (msg.end() < p + 8) {
            return null;
        }
        int family = b[p] & 0xff;
        if (family != IpAddress.AF_INET && family != IpAddress.AF_INET6) {
            return null;
        }
        int len = b[p + 1] & 0xff;
        int flags = b[p + 2] & 0xff;
        int scope = b[p + 3] & 0xff;
        int index = NlBytes.u32(b, p + 4);
        IpAddress local = null;
        IpAddress address = null;
        String label = null;
        NlAttrs a = new NlAttrs(b, p + 8, msg.end());
        while (a.next()) {
            switch (a.type()) {
                case Nl.IFA_LOCAL -> local = a.address();
                case Nl.IFA_ADDRESS -> address = a.address();
                case Nl.IFA_FLAGS -> flags = a.u32();
                case Nl.IFA_LABEL -> label = a.string();
                default -> {
                }
            }
        }
        IpAddress ip = local != null ? local : address;
        if (ip == null || len > ip.bitLength()) {
            return null;
        }
        return new Addr(index, new InterfaceAddress(ip, len), scope, flags, label);
    }
}

package io.muslin.netlink.wire;

import io.muslin.net.IpAddress;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;

/**
 * {@code ndmsg} neighbours and FDB entries. ARP/NDP entries carry NDA_DST then NDA_LLADDR
 * ({@code ip neigh}); FDB entries (AF_BRIDGE) NDA_LLADDR then NDA_DST ({@code bridge fdb}).
 */
public final class NeighCodec {
    private NeighCodec() {
    }

    public static final int REPLACE_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_REPLACE;
    public static final int APPEND_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_APPEND;
    public static final int DEL_FLAGS = Nl.F_REQUEST | Nl.F_ACK;

    public static void encode(NlWriter w, int type, int flags, Neigh n, int seq) {
        int m = w.beginMessage(type, flags, seq, 0);
        w.u8(n.family()).u8(0).u16(0).u32(n.ifIndex()).u16(n.state()).u8(n.flags()).u8(0);
        if (n.isFdb()) {
            if (n.lladdr() != null) {
                w.attr(Nl.NDA_LLADDR, n.lladdr().toBytes());
            }
            if (n.dst() != null) {
                w.attrAddress(Nl.NDA_DST, n.dst());
            }
        } else {
            if (n.dst() != null) {
                w.attrAddress(Nl.NDA_DST, n.dst());
            }
            if (n.lladdr() != null && type != Nl.RTM_DELNEIGH) {
                w.attr(Nl.NDA_LLADDR, n.lladdr().toBytes());
            }
        }
        w.endMessage(m);
    }

    public static void encodeDump(NlWriter w, int family, int seq) {
        int m = w.beginMessage(Nl.RTM_GETNEIGH, Nl.F_REQUEST | Nl.F_DUMP, seq, 0);
        w.u8(family).zeros(11);
        w.endMessage(m);
    }

    public static Neigh decode(NlMessage msg) {
        byte[] b = msg.buf();
        int p = msg.payload();
        if (msg.end() < p + 12) {
            return null;
        }
        int family = b[p] & 0xff;
        int index = NlBytes.u32(b, p + 4);
        int state = NlBytes.u16(b, p + 8);
        int flags = b[p + 10] & 0xff;
        IpAddress dst = null;
        MacAddress mac = null;
        NlAttrs a = new NlAttrs(b, p + 12, msg.end());
        while (a.next()) {
            switch (a.type()) {
                case Nl.NDA_DST -> {
                    if (a.length() == 4 || a.length() == 16) {
                        dst = a.address();
                    }
                }
                case Nl.NDA_LLADDR -> {
                    if (a.length() == 6) {
                        mac = MacAddress.fromBytes(b, a.offset());
                    }
                }
                default -> {
                }
            }
        }
        return new Neigh(family, index, dst, mac, state, flags);
    }
}

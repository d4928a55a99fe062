package io.muslin.netlink.wire;

import io.muslin.net.IpAddress;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;

/** {@code ifinfomsg} links: create (veth, vxlan, ipip), change (up/down, MTU, address, namespace), delete, dump. */
public final class LinkCodec {
    private LinkCodec() {
    }

    public static final int NEW_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL;
    public static final int SET_FLAGS = Nl.F_REQUEST | Nl.F_ACK;

    private static void ifinfomsg(NlWriter w, int index, int flags, int change) {
        w.u8(0).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    /** {@code ip link add ...}; the data attributes are those iproute2 6.1 sends for each kind. */
    public static void encodeNew(NlWriter w, LinkSpec spec, int seq) {
        int m = w.beginMessage(Nl.RTM_NEWLINK, NEW_FLAGS, seq, 0);
        ifinfomsg(w, 0, 0, 0);
        w.attrString(Nl.IFLA_IFNAME, spec.name());
        switch (spec) {
            case LinkSpec.Veth v -> {
                int li = w.beginNested(Nl.IFLA_LINKINFO);
                w.attrStringNoNul(Nl.IFLA_INFO_KIND, "veth");
                int data = w.beginNested(Nl.IFLA_INFO_DATA);
                int peer = w.beginNested(Nl.VETH_INFO_PEER);
                ifinfomsg(w, 0, 0, 0);
                w.attrString(Nl.IFLA_IFNAME, v.peerName());
                w.endNested(peer);
                w.endNested(data);
                w.endNested(li);
            }
            case LinkSpec.Vxlan x -> {
                if (x.mtu() != 0) {
                    w.attrU32(Nl.IFLA_MTU, x.mtu());
                }
                if (x.mac() != null) {
                    w.attr(Nl.IFLA_ADDRESS, x.mac().toBytes());
                }
                int li = w.beginNested(Nl.IFLA_LINKINFO);
                w.attrStringNoNul(Nl.IFLA_INFO_KIND, "vxlan");
                int data = w.beginNested(Nl.IFLA_INFO_DATA);
                w.attrU32(Nl.IFLA_VXLAN_ID, x.vni());
                if (x.local() != null) {
                    w.attrAddress(Nl.IFLA_VXLAN_LOCAL, x.local());
                }
                w.attrU8(Nl.IFLA_VXLAN_LEARNING, x.learning() ? 1 : 0);
                w.attrBe16(Nl.IFLA_VXLAN_PORT, x.port());
                w.endNested(data);
                w.endNested(li);
            }
            case LinkSpec.Ipip t -> {
                int li = w.beginNested(Nl.IFLA_LINKINFO);
                w.attrStringNoNul(Nl.IFLA_INFO_KIND, "ipip");
                int data = w.beginNested(Nl.IFLA_INFO_DATA);
                w.attrU8(Nl.IFLA_IPTUN_PROTO, 0);
                w.attrAddress(Nl.IFLA_IPTUN_LOCAL, t.local() != null ? t.local() : IpAddress.v4(0));
                w.attrU8(Nl.IFLA_IPTUN_PMTUDISC, 1);
                w.attrU8(Nl.IFLA_IPTUN_TOS, 0);
                w.attrU8(Nl.IFLA_IPTUN_TTL, 0);
                w.attrU32(Nl.IFLA_IPTUN_LINK, 0);
                w.attrU32(Nl.IFLA_IPTUN_FWMARK, 0);
                w.attrU16(Nl.IFLA_IPTUN_ENCAP_TYPE, 0);
                w.attrU16(Nl.IFLA_IPTUN_ENCAP_FLAGS, 0);
                w.attrU16(Nl.IFLA_IPTUN_ENCAP_SPORT, 0);
                w.attrU16(Nl.IFLA_IPTUN_ENCAP_DPORT, 0);
                w.endNested(data);
                w.endNested(li);
            }
        }
        w.endMessage(m);
    }

    /** {@code ip link set IF up|down}. */
    public static void encodeSetUp(NlWriter w, int index, boolean up, int seq) {
        int m = w.beginMessage(Nl.RTM_NEWLINK, SET_FLAGS, seq, 0);
        ifinfomsg(w, index, up ? Link.IFF_UP : 0, Link.IFF_UP);
        w.endMessage(m);
    }

    /** {@code ip link set IF mtu N}. */
    public static void encodeSetMtu(NlWriter w, int index, int mtu, int seq) {
        int m = w.beginMessage(Nl.RTM_NEWLINK, SET_FLAGS, seq, 0);
        ifinfomsg(w, index, 0, 0);
        w.attrU32(Nl.IFLA_MTU, mtu);
        w.endMessage(m);
    }

    /** {@code ip link set IF address MAC}. */
    public static void encodeSetAddress(NlWriter w, int index, MacAddress mac, int seq) {
        int m = w.beginMessage(Nl.RTM_NEWLINK, SET_FLAGS, seq, 0);
        ifinfomsg(w, index, 0, 0);
        w.attr(Nl.IFLA_ADDRESS, mac.toBytes());
        w.endMessage(m);
    }

    /** {@code ip link set IF netns NAME}: the namespace is given as an open file descriptor. */
    public static void encodeSetNetnsFd(NlWriter w, int index, int nsFd, int seq) {
        int m = w.beginMessage(Nl.RTM_NEWLINK, SET_FLAGS, seq, 0);
        ifinfomsg(w, index, 0, 0);
        w.attrU32(Nl.IFLA_NET_NS_FD, nsFd);
        w.endMessage(m);
    }

    /** {@code ip link del IF}. */
    public static void encodeDel(NlWriter w, int index, int seq) {
        int m = w.beginMessage(Nl.RTM_DELLINK, SET_FLAGS, seq, 0);
        ifinfomsg(w, index, 0, 0);
        w.endMessage(m);
    }

    public static void encodeDump(NlWriter w, int seq) {
        int m = w.beginMessage(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_DUMP, seq, 0);
        ifinfomsg(w, 0, 0, 0);
        w.endMessage(m);
    }

    public static Link decode(NlMessage msg) {
        byte[] b = msg.buf();
        int p = msg.payload();
        if (msg.end() < p + 16) {
            return null;
        }
        int index = NlBytes.u32(b, p + 4);
        int flags = NlBytes.u32(b, p + 8);
        String name = null;
        int mtu = 0;
        MacAddress mac = null;
        String kind = null;
        LinkSpec info = null;
        int operState = 0;
        boolean carrier = (flags & Link.IFF_LOWER_UP) != 0;
        int master = 0;
        NlAttrs a = new NlAttrs(b, p + 16, msg.end());
        while (a.next()) {
            switch (a.type()) {
                case Nl.IFLA_IFNAME -> name = a.string();
                case Nl.IFLA_MTU -> mtu = a.u32();
                case Nl.IFLA_OPERSTATE -> operState = a.u8();
                case Nl.IFLA_CARRIER -> carrier = a.u8() != 0;
                case Nl.IFLA_MASTER -> master = a.u32();
                case Nl.IFLA_ADDRESS -> {
                    if (a.length() == 6) {
                        mac = MacAddress.fromBytes(b, a.offset());
                    }
                }
                case Nl.IFLA_LINKINFO -> {
                    NlAttrs li = a.nested();
                    int dataOff = -1;
                    int dataEnd = -1;
                    while (li.next()) {
                        if (li.type() == Nl.IFLA_INFO_KIND) {
                            kind = li.string();
                        } else if (li.type() == Nl.IFLA_INFO_DATA) {
                            dataOff = li.offset();
                            dataEnd = li.offset() + li.length();
                        }
                    }
                    if (kind != null && dataOff >= 0) {
                        info = decodeInfo(name, kind, new NlAttrs(b, dataOff, dataEnd));
                    }
                }
                default -> {
                }
            }
        }
        if (info != null && info.name() == null && name != null) {
            info = rename(info, name);
        }
        return new Link(index, name, flags, mtu, mac, kind, info, Link.OperState.of(operState), carrier, master);
    }

    private static LinkSpec rename(LinkSpec s, String name) {
        return switch (s) {
            case LinkSpec.Vxlan x -> new LinkSpec.Vxlan(name, x.vni(), x.local(), x.port(), x.learning(), x.mtu(), x.mac());
            case LinkSpec.Ipip t -> new LinkSpec.Ipip(name, t.local());
            case LinkSpec.Veth v -> new LinkSpec.Veth(name, v.peerName());
        };
    }

    private static LinkSpec decodeInfo(String name, String kind, NlAttrs d) {
        switch (kind) {
            case "vxlan" -> {
                int vni = 0;
                int port = 0;
                boolean learning = true;
                IpAddress local = null;
                while (d.next()) {
                    switch (d.type()) {
                        case Nl.IFLA_VXLAN_ID -> vni = d.u32();
                        case Nl.IFLA_VXLAN_LOCAL -> local = d.address();
                        case Nl.IFLA_VXLAN_LEARNING -> learning = d.u8() != 0;
                        case Nl.IFLA_VXLAN_PORT -> port = d.be16();
                        default -> {
                        }
                    }
                }
                return new LinkSpec.Vxlan(name, vni, local, port, learning, 0, null);
            }
            case "ipip" -> {
                IpAddress local = null;
                while (d.next()) {
                    if (d.type() == Nl.IFLA_IPTUN_LOCAL) {
                        local = d.address();
                    }
                }
                return new LinkSpec.Ipip(name, local);
            }
            default -> {
                return null;
            }
        }
    }
}

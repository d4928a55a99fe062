package io.muslin.netlink.wire;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.NextHop;
import io.muslin.netlink.Route;
import io.muslin.netlink.RouteType;
import io.muslin.netlink.Rt;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rtmsg} routes, laid out as iproute2 6.1 lays them out: rtmsg, then RTA_DST, RTA_PREFSRC,
 * RTA_GATEWAY, RTA_PRIORITY, RTA_TABLE (only for tables above 255, else in {@code rtm_table}),
 * RTA_OIF, RTA_METRICS, RTA_MULTIPATH.
 */
public final class RouteCodec {
    private RouteCodec() {
    }

    /** {@code ip route add}: CREATE|EXCL. */
    public static final int ADD_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL;
    /** {@code ip route replace}: CREATE|REPLACE. */
    public static final int REPLACE_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_REPLACE;
    public static final int DEL_FLAGS = Nl.F_REQUEST | Nl.F_ACK;

    public static void encodeNew(NlWriter w, Route r, int flags, int seq) {
        encode(w, Nl.RTM_NEWROUTE, flags, seq, r, r.scope(), r.type().code);
    }

    /**
     * {@code ip route del}: scope RT_SCOPE_NOWHERE and type RTN_UNSPEC (for unicast) match any;
     * the other fields (protocol, gateway, device) narrow the match.
     */
    public static void encodeDel(NlWriter w, Route r, int flags, int seq) {
        encode(w, Nl.RTM_DELROUTE, flags, seq, r, Rt.SCOPE_NOWHERE,
                r.type() == RouteType.UNICAST ? RouteType.UNSPEC.code : r.type().code);
    }

    private static void encode(NlWriter w, int type, int flags, int seq, Route r, int scope, int rtmType) {
        int m = w.beginMessage(type, flags, seq, 0);
        IpPrefix dst = r.dst();
        w.u8(dst.family()).u8(dst.length()).u8(0).u8(0)
                .u8(r.table() < 256 ? r.table() : Rt.TABLE_UNSPEC).u8(r.protocol()).u8(scope).u8(rtmType)
                .u32(r.onlink() ? Nl.RTNH_F_ONLINK : 0);
        if (dst.length() > 0) {
            w.attrAddress(Nl.RTA_DST, dst.address());
        }
        if (r.prefSrc() != null) {
            w.attrAddress(Nl.RTA_PREFSRC, r.prefSrc());
        }
        if (r.gateway() != null) {
            w.attrAddress(Nl.RTA_GATEWAY, r.gateway());
        }
        if (r.priority() != 0) {
            w.attrU32(Nl.RTA_PRIORITY, r.priority());
        }
        if (r.table() >= 256) {
            w.attrU32(Nl.RTA_TABLE, r.table());
        }
        if (r.oif() != 0) {
            w.attrU32(Nl.RTA_OIF, r.oif());
        }
        if (r.mtu() != 0) {
            int mx = w.beginNested(Nl.RTA_METRICS);
            w.attrU32(Nl.RTAX_MTU, r.mtu());
            w.endNested(mx);
        }
        if (!r.nextHops().isEmpty()) {
            int mp = w.beginNested(Nl.RTA_MULTIPATH);
            for (NextHop nh : r.nextHops()) {
                int start = w.position();
                w.u16(0).u8(nh.onlink() ? Nl.RTNH_F_ONLINK : 0).u8(nh.weight() - 1).u32(nh.ifIndex());
                if (nh.gateway() != null) {
                    w.attrAddress(Nl.RTA_GATEWAY, nh.gateway());
                }
                int len = w.position() - start;
                byte[] a = w.array();
                a[start] = (byte) len;
                a[start + 1] = (byte) (len >>> 8);
            }
            w.endNested(mp);
        }
        w.endMessage(m);
    }

    /** A dump request for every route of one family (AF_INET, AF_INET6; 0 for both). */
    public static void encodeDump(NlWriter w, int family, int seq) {
        int m = w.beginMessage(Nl.RTM_GETROUTE, Nl.F_REQUEST | Nl.F_DUMP, seq, 0);
        w.u8(family).zeros(11);
        w.endMessage(m);
    }

    /**
     * {@code ip route get DST}: a route lookup (RTM_GETROUTE without NLM_F_DUMP). The kernel answers
     * with one RTM_NEWROUTE for {@code DST}/32 (or /128) carrying the chosen device, gateway and
     * source address ({@code RTA_PREFSRC}), or with an error (ENETUNREACH, EHOSTUNREACH).
     */
    public static void encodeGet(NlWriter w, IpAddress dst, int seq) {
        int m = w.beginMessage(Nl.RTM_GETROUTE, Nl.F_REQUEST, seq, 0);
        w.u8(dst.family()).u8(dst.bitLength()).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        w.attrAddress(Nl.RTA_DST, dst);
        w.endMessage(m);
    }

    /** Decodes an RTM_NEWROUTE/RTM_DELROUTE message; null for families other than IPv4/IPv6. */
    public static Route decode(NlMessage msg) {
        return decode(msg, null);
    }

    /**
     * As {@link #decode(NlMessage)}; gateways and preferred sources come from {@code recent} (when
     * not null), so the routes of one dump share one object per gateway.
     */
    public static Route decode(NlMessage msg, RecentAddresses recent) {
        byte[] b = msg.buf();
        int p = msg.payload();
        if (msg.end() < p + 12) {
            return null;
        }
        int family = b[p] & 0xff;
        if (family != IpAddress.AF_INET && family != IpAddress.AF_INET6) {
            return null;
        }
        int dstLen = b[p + 1] & 0xff;
        int table = b[p + 4] & 0xff;
        int protocol = b[p + 5] & 0xff;
        int scope = b[p + 6] & 0xff;
        RouteType type = RouteType.of(b[p + 7] & 0xff);
        int rtmFlags = NlBytes.u32(b, p + 8);
        IpAddress dst = null;
        IpAddress gw = null;
        IpAddress src = null;
        int oif = 0;
        int prio = 0;
        int mtu = 0;
        List<NextHop> hops = List.of();
        NlAttrs a = new NlAttrs(b, p + 12, msg.end());
        while (a.next()) {
            switch (a.type()) {
                case Nl.RTA_DST -> dst = a.address();
                case Nl.RTA_GATEWAY -> gw = recent == null ? a.address() : recent.get(b, a.offset(), a.length());
                case Nl.RTA_PREFSRC -> src = recent == null ? a.address() : recent.get(b, a.offset(), a.length());
                case Nl.RTA_OIF -> oif = a.u32();
                case Nl.RTA_PRIORITY -> prio = a.u32();
                case Nl.RTA_TABLE -> table = a.u32();
                case Nl.RTA_METRICS -> {
                    NlAttrs mx = a.nested();
                    while (mx.next()) {
                        if (mx.type() == Nl.RTAX_MTU) {
                            mtu = mx.u32();
                        }
                    }
                }
                case Nl.RTA_MULTIPATH -> hops = decodeMultipath(b, a.offset(), a.offset() + a.length());
                default -> {
                }
            }
        }
        if (dst == null) {
            dst = IpAddress.any(family == IpAddress.AF_INET6);
        }
        return new Route(network(dst, dstLen), table, protocol, scope, type, gw, oif, (rtmFlags & Nl.RTNH_F_ONLINK) != 0, hops,
                mtu, prio, src);
    }

    /** The kernel's destination as a prefix: as it is when its host bits are clear (as the kernel keeps them), no masked copy. */
    private static IpPrefix network(IpAddress dst, int dstLen) {
        int length = Math.min(dstLen, dst.bitLength());
        boolean clear = dst.v6() ? length == 128 || (length >= 64 ? (dst.lo() & (-1L >>> (length - 64))) == 0
                : dst.lo() == 0 && (dst.hi() & (-1L >>> length)) == 0)
                : (dst.lo() & (0xFFFFFFFFL >>> length)) == 0;
        return clear ? new IpPrefix(dst, length) : IpPrefix.of(dst, length);
    }

    private static List<NextHop> decodeMultipath(byte[] b, int off, int end) {
        List<NextHop> out = new ArrayList<>(2);
        while (off + 8 <= end) {
            int len = NlBytes.u16(b, off);
            if (len < 8 || off + len > end) {
                break;
            }
            int flags = b[off + 2] & 0xff;
            int hops = b[off + 3] & 0xff;
            int ifIndex = NlBytes.u32(b, off + 4);
            IpAddress gw = null;
            NlAttrs a = new NlAttrs(b, off + 8, off + len);
            while (a.next()) {
                if (a.type() == Nl.RTA_GATEWAY) {
                    gw = a.address();
                }
            }
            out.add(new NextHop(gw, ifIndex, hops + 1, (flags & Nl.RTNH_F_ONLINK) != 0));
            off += (len + 3) & ~3;
        }
        return out;
    }
}

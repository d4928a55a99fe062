package io.muslin.netlink.wire;

/** Numbers from {@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>}, {@code <linux/if_link.h>}, {@code <linux/neighbour.h>}. */
public final class Nl {
    private Nl() {
    }

    public static final int HDRLEN = 16;

    // nlmsg_type
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;

    // nlmsg_flags
    public static final int F_REQUEST = 0x1;
    public static final int F_MULTI = 0x2;
    public static final int F_ACK = 0x4;
    public static final int F_ECHO = 0x8;
    public static final int F_DUMP_INTR = 0x10;
    public static final int F_DUMP = 0x300;
    public static final int F_REPLACE = 0x100;
    public static final int F_EXCL = 0x200;
    public static final int F_CREATE = 0x400;
    public static final int F_APPEND = 0x800;
    /** In an NLMSG_ERROR: the original payload was cut (NETLINK_CAP_ACK). */
    public static final int F_CAPPED = 0x100;
    /** In an NLMSG_ERROR: extended-ack TLVs follow (NETLINK_EXT_ACK). */
    public static final int F_ACK_TLVS = 0x200;
    public static final int NLMSGERR_ATTR_MSG = 1;

    // multicast groups (bind nl_groups bits)
    public static final int RTMGRP_LINK = 0x1;
    public static final int RTMGRP_NEIGH = 0x4;
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV4_ROUTE = 0x40;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    public static final int RTMGRP_IPV6_ROUTE = 0x400;

    // rtattr types for routes
    public static final int RTA_DST = 1;
    public static final int RTA_SRC = 2;
    public static final int RTA_IIF = 3;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_METRICS = 8;
    public static final int RTA_MULTIPATH = 9;
    public static final int RTA_TABLE = 15;
    /** rtm_flags of an RTM_GETROUTE lookup answer and of route-cache entries. */
    public static final int RTM_F_CLONED = 0x200;
    /** rtm_flags of an RTM_GETROUTE lookup: answer with the FIB entry that matched. */
    public static final int RTM_F_FIB_MATCH = 0x2000;
    public static final int RTAX_MTU = 2;
    public static final int RTNH_F_ONLINK = 4;
    public static final int RTNH_F_LINKDOWN = 16;

    // links
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_CARRIER = 33;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_NET_NS_PID = 19;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int VETH_INFO_PEER = 1;
    public static final int IFLA_VXLAN_ID = 1;
    public static final int IFLA_VXLAN_LOCAL = 4;
    public static final int IFLA_VXLAN_LEARNING = 7;
    public static final int IFLA_VXLAN_PORT = 15;
    public static final int IFLA_IPTUN_LINK = 1;
    public static final int IFLA_IPTUN_LOCAL = 2;
    public static final int IFLA_IPTUN_TTL = 4;
    public static final int IFLA_IPTUN_TOS = 5;
    public static final int IFLA_IPTUN_PROTO = 9;
    public static final int IFLA_IPTUN_PMTUDISC = 10;
    public static final int IFLA_IPTUN_ENCAP_TYPE = 15;
    public static final int IFLA_IPTUN_ENCAP_FLAGS = 16;
    public static final int IFLA_IPTUN_ENCAP_SPORT = 17;
    public static final int IFLA_IPTUN_ENCAP_DPORT = 18;
    public static final int IFLA_IPTUN_FWMARK = 20;

    // addresses
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_FLAGS = 8;

    // neighbours
    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;

    public static String typeName(int type) {
        return switch (type) {
            case NLMSG_ERROR -> "NLMSG_ERROR";
            case NLMSG_DONE -> "NLMSG_DONE";
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_DELROUTE -> "RTM_DELROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
            case RTM_DELNEIGH -> "RTM_DELNEIGH";
            case RTM_GETNEIGH -> "RTM_GETNEIGH";
            default -> "type " + type;
        };
    }
}

/**
 * rtnetlink wire encoding, pure (no I/O): {@code nlmsghdr} (RFC 3549 §2.3.2), {@code rtmsg},
 * {@code ifinfomsg}, {@code ifaddrmsg}, {@code ndmsg}, 4-byte-aligned attributes and nested
 * attributes, NLMSG_ERROR with extended ack. Byte order is the host's (little-endian on the
 * machines Muslin runs on) except where the kernel wants network order (addresses, vxlan port).
 *
 * <p>Encoders lay attributes out in the order iproute2 6.1 sends them, so golden vectors
 * captured from {@code ip}/{@code bridge} with strace compare byte for byte.
 */
package io.muslin.netlink.wire;

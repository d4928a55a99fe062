/**
 * rtnetlink (RFC 3549, Linux {@code rtnetlink(7)}) for Muslin: typed {@link io.muslin.netlink.Route},
 * {@link io.muslin.netlink.Link}, {@link io.muslin.netlink.Addr}, {@link io.muslin.netlink.Neigh};
 * the {@link io.muslin.netlink.Netlink} interface with one method per iproute2 verb; batched
 * requests whose errors map back to the request ({@link io.muslin.netlink.Batch},
 * {@link io.muslin.netlink.BatchResult}). The wire format is in {@code io.muslin.netlink.wire}
 * (pure), the sockets in {@code io.muslin.netlink.linux} (Java FFM, no JNI, no forked {@code ip}).
 */
package io.muslin.netlink;

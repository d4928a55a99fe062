/**
 * The Linux side of {@code io.muslin.netlink}: AF_NETLINK sockets through Java FFM downcalls
 * ({@code socket}, {@code bind}, {@code send}, {@code recv}, {@code setsockopt}, {@code setns})
 * with {@code errno} captured by the linker, {@link io.muslin.netlink.linux.LinuxNetlink}
 * (requests, batches, dumps that retry on NLM_F_DUMP_INTR),
 * {@link io.muslin.netlink.linux.NetlinkMonitor} (multicast groups), and
 * {@link io.muslin.netlink.linux.Netns} (handles inside named namespaces).
 */
package io.muslin.netlink.linux;

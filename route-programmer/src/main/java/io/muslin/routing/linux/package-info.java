/**
 * The running route programmer: {@link io.muslin.routing.linux.RouteProgrammer} owns a reconciler
 * on one thread and a writer thread ({@code BatchWriter}) that sends a batch to the kernel while
 * the next is planned; inputs are queued and coalesced ({@code Inputs}) without blocking the caller; kernel events (an owner's netlink
 * monitor, or {@code FakeNetlink}) and a timer trigger resyncs. {@code start} programs a real
 * kernel through {@code LinuxNetlink}; {@code create} any {@link io.muslin.netlink.Netlink}.
 */
package io.muslin.routing.linux;

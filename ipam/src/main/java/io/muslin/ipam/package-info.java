/**
 * IP address management: pools carved into blocks, each block owned by one node (its affinity),
 * pod addresses handed out from the node's blocks under a handle (the container id) with
 * attributes (pod, namespace, node), released by handle or address.
 *
 * <p>Race-free by construction: a block is claimed in three etcd transactions — a pending
 * affinity, then the block and the confirmed affinity created together only if the block key is
 * still absent, and on losing the race the pending affinity is removed. Every address assignment is
 * one compare-and-swap transaction on the block and the handle together. See
 * {@code docs/design/ipam.md} for the protocol and why two nodes can never own one block.
 *
 * <p>Also here: borrowing from another node's block when {@code strictAffinity} is off,
 * {@code maxBlocksPerHost}, IP reservations, IPv4 and IPv6, pool disable and drain, release of a
 * removed node, garbage collection of leaked addresses after a grace period, one tunnel address
 * per node, usage reports, and a consistency check with repair. The logic talks only to the
 * {@link io.muslin.datastore.Datastore} interface, never to etcd directly.
 */
package io.muslin.ipam;

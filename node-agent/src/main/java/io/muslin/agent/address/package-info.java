/**
 * Node address autodetection: which of the host's addresses becomes this node's IPv4 and IPv6
 * address (its BGP identity and the next hop others install), chosen independently per family by
 * Calico's {@code IP_AUTODETECTION_METHOD} forms. Pure: the interfaces are an input
 * ({@link io.muslin.agent.address.NetInterface}); reading them from the kernel is the caller's job.
 */
package io.muslin.agent.address;

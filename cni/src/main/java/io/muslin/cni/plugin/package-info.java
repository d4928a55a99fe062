/**
 * The CNI operations on the node: addresses from Muslin IPAM ({@link io.muslin.cni.plugin.Plugin}),
 * veth pairs, addresses, routes and proxy ARP through rtnetlink ({@link io.muslin.cni.plugin.VethWiring}),
 * the pod's {@code WorkloadEndpoint} ({@link io.muslin.cni.plugin.Endpoints}), and the datastore
 * opened from the network configuration ({@link io.muslin.cni.plugin.StoreAccess}).
 */
package io.muslin.cni.plugin;

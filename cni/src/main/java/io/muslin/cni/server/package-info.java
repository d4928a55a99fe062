/**
 * The plugin server the node's agent runs: CNI calls forwarded by the launcher over a loopback
 * connection ({@link io.muslin.cni.server.CallProtocol}), run in a warm process with the datastore
 * already connected
 * ({@link io.muslin.cni.server.CniServer}).
 */
package io.muslin.cni.server;

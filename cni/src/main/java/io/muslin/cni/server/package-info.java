/**
 * The plugin server the node's agent runs: CNI calls forwarded by the thin client over a unix
 * socket, run in a warm process with the datastore already connected
 * ({@link io.muslin.cni.server.CniServer}).
 */
package io.muslin.cni.server;

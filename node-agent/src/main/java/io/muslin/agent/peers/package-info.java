/**
 * Calico's BGP peer computation for one node: from Node, BGPPeer and BGPConfiguration resources to
 * the sessions this node should have ({@link io.muslin.agent.peers.PeerSet}), with full mesh,
 * global, node-specific and selector peerings, reverse peerings, route reflectors, per-node AS and
 * passwords. Pure: resources and secrets are inputs; applying the result to the speaker is the
 * caller's job.
 */
package io.muslin.agent.peers;

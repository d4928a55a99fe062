/**
 * The agent's side of the BGP speaker: the one mapping of the peer computation's
 * {@link io.muslin.agent.peers.DesiredPeer} onto the speaker's {@link io.muslin.bgp.settings.PeerSpec},
 * the desired state built from the cluster, and the speaker's session status joined with what
 * only the agent knows (why a peering exists).
 */
package io.muslin.agent.bgp;

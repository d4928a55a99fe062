/**
 * The agent's side of the ExaBGP bridge: which peers ExaBGP runs (per {@code BGPPeer.spec.speaker},
 * else the agent's default), the bridge's life beside the embedded speaker, and the BGP-LS
 * topology it serves on {@code /topology}.
 */
package io.muslin.agent.exabgp;

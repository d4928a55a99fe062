package io.muslin.agent.peers;

/** The route-reflection relationship with a peer (RFC 4456). */
public enum PeerRole {
    /** An ordinary peer (or a route reflector of the same cluster as this one). */
    PEER,
    /** This node is a route reflector and the peer is its client: routes are reflected to it. */
    ROUTE_REFLECTOR_CLIENT,
    /** The peer is a route reflector (its Node has a cluster ID) and this node is its client. */
    ROUTE_REFLECTOR
}

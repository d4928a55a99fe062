package io.muslin.exabgp;

import io.muslin.bgp.settings.PeerSpec;

/**
 * One neighbour ExaBGP runs a session with: the peer as Muslin models every peer, and whether
 * the session also carries BGP-LS (RFC 7752, AFI 16388 / SAFI 71).
 */
public record ExabgpNeighbor(PeerSpec peer, boolean linkState) {
    public ExabgpNeighbor {
        if (peer == null) {
            throw new IllegalArgumentException("peer: is required");
        }
    }
}

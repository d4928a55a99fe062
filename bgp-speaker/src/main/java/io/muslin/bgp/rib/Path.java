package io.muslin.bgp.rib;

/**
 * A route's source and attributes: which peer (or this speaker) and with what. Interned per peer
 * and generation, so all routes a peer sent with the same attributes share one Path. The
 * generation marks stale paths while a peer restarts gracefully (RFC 4724).
 */
public final class Path {
    final RibPeer peer;
    final AttrSet attrs;
    final int generation;

    Path(RibPeer peer, AttrSet attrs, int generation) {
        this.peer = peer;
        this.attrs = attrs;
        this.generation = generation;
    }

    public RibPeer peer() {
        return peer;
    }

    public AttrSet attrs() {
        return attrs;
    }

    /** True while the peer is restarting and has not sent this route again yet. */
    public boolean isStale() {
        return generation != peer.generation;
    }

    @Override
    public String toString() {
        return "Path[" + peer.name() + (isStale() ? " stale" : "") + " " + attrs + "]";
    }
}

package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.wire.Update;

/**
 * Where an established peer pulls its UPDATEs from. The peer asks for the next one only while
 * its channel is writable, so a slow peer never makes the speaker buffer without bound (BIRD's
 * pull-based sending); {@link BgpPeer#exportReady()} says there is something new.
 */
public interface OutboundUpdates {
    /**
     * Called when the session is established: start from the beginning for this session.
     *
     * @param local this end of the connection (the next hop when advertising "next hop self")
     */
    void reset(Negotiated negotiated, java.net.InetSocketAddress local);

    /** The next UPDATE to send, or null when nothing is pending. */
    Update poll();

    OutboundUpdates NONE = new OutboundUpdates() {
        @Override
        public void reset(Negotiated negotiated, java.net.InetSocketAddress local) {
        }

        @Override
        public Update poll() {
            return null;
        }
    };
}

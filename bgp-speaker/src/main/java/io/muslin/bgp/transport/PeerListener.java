package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.Notification;

/**
 * What a peer tells the rest of the speaker. Called on the peer's event loop, in order; an
 * implementation must not block.
 */
public interface PeerListener {
    default void stateChanged(BgpPeer peer, SessionState from, SessionState to, String reason) {
    }

    default void established(BgpPeer peer, Negotiated negotiated) {
    }

    /** The established session ended; {@code peerMayRestart}: keep its routes as stale (RFC 4724). */
    default void down(BgpPeer peer, String reason, boolean peerMayRestart) {
    }

    /** An UPDATE (already repaired per RFC 7606) or a ROUTE-REFRESH. */
    default void received(BgpPeer peer, DecodedMessage message) {
    }

    default void familyDisabled(BgpPeer peer, AfiSafi family, String reason) {
    }

    /** A NOTIFICATION went out on one of the peer's connections (collision losers included). */
    default void notificationSent(BgpPeer peer, Notification notification) {
    }

    /** A NOTIFICATION arrived on one of the peer's connections. */
    default void notificationReceived(BgpPeer peer, Notification notification) {
    }
}

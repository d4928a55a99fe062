package io.muslin.bgp.rib;

import io.muslin.bgp.wire.Notification;
import java.time.Duration;

/** What the RIB asks of a peer's session. Implementations hand the call to the peer's own thread. */
public interface PeerControl {
    /** New UPDATEs are waiting in the peer's Adj-RIB-Out. */
    void exportReady();

    /** End the session with this NOTIFICATION and connect again only after {@code restartAfter}. */
    void reset(Notification notification, Duration restartAfter);
}

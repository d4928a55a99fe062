package io.muslin.bgp.speaker;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.Update;

/**
 * Session events, for whoever logs and counts them (the speaker itself logs them only at debug
 * level, so each is written once). Called on the peer's event loop, in order; an implementation
 * must not block. Every method has an empty default.
 */
public interface SessionListener {
    /**
     * A state change with its reason in the plain words of status and logs: {@code start},
     * {@code keepalive-received}, {@code hold-timer-expired}, {@code notification-received 6/2
     * administrative-shutdown "text"}, {@code connection-refused}, ...
     */
    default void stateChanged(PeerId peer, SessionState from, SessionState to, String reason) {
    }

    /** A NOTIFICATION went out to the peer (a Hard Reset as 6/9 with the Cease inside). */
    default void notificationSent(PeerId peer, Notification notification) {
    }

    /** A NOTIFICATION came from the peer. */
    default void notificationReceived(PeerId peer, Notification notification) {
    }

    /** An UPDATE as the peer sent it (after RFC 7606 repair), before import policy: for route collectors. */
    default void updateReceived(PeerId peer, Update update) {
    }
}

package io.muslin.bgp.speaker;

import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One peer at one moment, as an immutable value. Reading it never waits for the RIB: the
 * prefix counts are the RIB's last published counters, the rest the session's own.
 *
 * @param asNumber           the AS configured for the peer
 * @param establishedSince   when the current session became Established, or null when it is not
 * @param lastDownReason     why the last session ended, in GoBGP-style words; empty before any ended
 * @param holdTime           the negotiated hold time while Established, else 0
 * @param families           the negotiated families while Established, else empty
 * @param prefixesReceived   prefixes held from the peer before import policy (its Adj-RIB-In)
 * @param prefixesAccepted   prefixes accepted by import policy (in the Loc-RIB, best or not)
 * @param prefixesAdvertised prefixes sent to the peer and not withdrawn
 * @param notificationsSent  NOTIFICATIONs sent by code and subcode, over the peer's whole life
 * @param stateSince         when the session entered {@code state} (for Idle and Active too: down since when)
 * @param bfd                the peer's BFD session, or null when BFD is off for it
 */
public record PeerStatus(PeerId peer, long asNumber, SessionState state, Instant establishedSince, String lastDownReason,
                         int holdTime, List<AfiSafi> families, int prefixesReceived, int prefixesAccepted,
                         int prefixesAdvertised, long updatesReceived, long updatesSent, long messagesReceived,
                         long messagesSent, Map<NotificationCode, Long> notificationsSent,
                         Map<NotificationCode, Long> notificationsReceived, GracefulRestartState gracefulRestart,
                         Instant stateSince, BfdStatus bfd) {
    /** Without "since" (taken as {@code establishedSince}) and without BFD. */
    public PeerStatus(PeerId peer, long asNumber, SessionState state, Instant establishedSince, String lastDownReason,
                      int holdTime, List<AfiSafi> families, int prefixesReceived, int prefixesAccepted,
                      int prefixesAdvertised, long updatesReceived, long updatesSent, long messagesReceived,
                      long messagesSent, Map<NotificationCode, Long> notificationsSent,
                      Map<NotificationCode, Long> notificationsReceived, GracefulRestartState gracefulRestart) {
        this(peer, asNumber, state, establishedSince, lastDownReason, holdTime, families, prefixesReceived,
                prefixesAccepted, prefixesAdvertised, updatesReceived, updatesSent, messagesReceived, messagesSent,
                notificationsSent, notificationsReceived, gracefulRestart, establishedSince, null);
    }

    public PeerStatus {
        families = List.copyOf(families);
        notificationsSent = Map.copyOf(notificationsSent);
        notificationsReceived = Map.copyOf(notificationsReceived);
    }

    public IpAddress address() {
        return peer.address();
    }

    public String description() {
        return peer.description();
    }

    /** How long the session has been in its state at {@code now}; zero when unknown. */
    public Duration inStateFor(Instant now) {
        return stateSince == null ? Duration.ZERO : Duration.between(stateSince, now);
    }

    /** How long the session has been Established at {@code now}; zero when it is not. */
    public Duration uptime(Instant now) {
        return establishedSince == null ? Duration.ZERO : Duration.between(establishedSince, now);
    }

    /** Graceful restart with this peer (RFC 4724), in the words of status pages. */
    public enum GracefulRestartState {
        /** Not offered to the peer. */
        DISABLED("disabled"),
        /** Offered; the peer is not restarting. */
        ENABLED("enabled"),
        /** The peer restarted: its routes are kept, marked stale, until its End-of-RIB or its restart time. */
        PEER_RESTARTING("peer-restarting (routes kept as stale)");

        private final String label;

        GracefulRestartState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}

package io.muslin.agent.status;

import io.muslin.agent.peers.PeerKind;
import java.time.Instant;
import java.util.Locale;

/**
 * One BGP session as {@code /status} shows it.
 *
 * @param name               the peering's name ({@code Mesh_10_0_0_2})
 * @param address            the peer's address
 * @param port               the peer's port
 * @param asNumber           the peer's AS
 * @param type               {@code mesh}, {@code global} or {@code node} ({@link #type(PeerKind)})
 * @param description        why the peering exists
 * @param state              the RFC 4271 state, as BIRD prints it ({@code Established}, {@code Active}, ...)
 * @param since              when the session entered that state
 * @param downReason         why the session last went down ({@code hold-timer-expired}, ...); null if it never did
 * @param prefixesReceived   prefixes the peer sent and we hold
 * @param prefixesAccepted   of those, accepted by import policy
 * @param prefixesAdvertised prefixes we send the peer
 * @param updatesReceived    UPDATE messages received
 * @param updatesSent        UPDATE messages sent
 */
public record PeerStatus(String name, String address, int port, long asNumber, String type, String description, String state,
                         Instant since, String downReason, long prefixesReceived, long prefixesAccepted,
                         long prefixesAdvertised, long updatesReceived, long updatesSent) {
    public static final String ESTABLISHED = "Established";

    /** The {@code type} token of a peering kind. */
    public static String type(PeerKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public boolean established() {
        return ESTABLISHED.equals(state);
    }

    /** {@code calicoctl node status}'s words for the type. */
    public String typeLabel() {
        for (PeerKind k : PeerKind.values()) {
            if (type(k).equals(type)) {
                return k.label();
            }
        }
        return type;
    }
}

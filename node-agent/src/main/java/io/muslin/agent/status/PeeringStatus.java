package io.muslin.agent.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.muslin.agent.peers.PeerKind;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.PeerId;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.net.IpAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One BGP peering as {@code /status} shows it: the speaker's {@link PeerStatus} of the session,
 * wrapped with what only the agent knows — the peering's name, why it exists (its kind and a
 * sentence) and the peer's port. The JSON is flat ({@code name, address, port, asNumber, type,
 * description, state, since, downReason, holdTime, prefixesReceived, prefixesAccepted,
 * prefixesAdvertised, updatesReceived, updatesSent, gracefulRestart}, and {@code bfd} when BFD is
 * on for the peer); {@code since} is when the session entered its state, Established or not. The
 * command line reads it back into this type.
 *
 * @param name        the peering's name ({@code Mesh_10_0_0_2})
 * @param type        {@code mesh}, {@code global} or {@code node} ({@link #type(PeerKind)})
 * @param description why the peering exists
 * @param port        the peer's port
 * @param session     the speaker's view of the session
 */
@JsonPropertyOrder({"name", "address", "port", "asNumber", "type", "description", "state", "since", "downReason", "holdTime",
    "prefixesReceived", "prefixesAccepted", "prefixesAdvertised", "updatesReceived", "updatesSent", "gracefulRestart", "bfd"})
public record PeeringStatus(@JsonProperty("name") String name, @JsonProperty("type") String type,
                            @JsonProperty("description") String description, @JsonProperty("port") int port,
                            @JsonIgnore PeerStatus session) {
    public static final String ESTABLISHED = SessionState.ESTABLISHED.displayName();

    /** The {@code type} token of a peering kind. */
    public static String type(PeerKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Read back from the flat JSON (the counters the JSON does not carry are zero or empty). */
    @JsonCreator
    static PeeringStatus fromJson(@JsonProperty("name") String name, @JsonProperty("address") String address,
                                  @JsonProperty("port") int port, @JsonProperty("asNumber") long asNumber,
                                  @JsonProperty("type") String type, @JsonProperty("description") String description,
                                  @JsonProperty("state") String state, @JsonProperty("since") Instant since,
                                  @JsonProperty("downReason") String downReason, @JsonProperty("holdTime") int holdTime,
                                  @JsonProperty("prefixesReceived") int received, @JsonProperty("prefixesAccepted") int accepted,
                                  @JsonProperty("prefixesAdvertised") int advertised,
                                  @JsonProperty("updatesReceived") long updatesReceived,
                                  @JsonProperty("updatesSent") long updatesSent,
                                  @JsonProperty("gracefulRestart") String gracefulRestart,
                                  @JsonProperty("bfd") BfdView bfd) {
        return new PeeringStatus(name, type, description, port, session(address, name, asNumber, state(state), since, downReason,
                holdTime, received, accepted, advertised, updatesReceived, updatesSent, gracefulRestart(gracefulRestart),
                bfd == null ? null : bfd.toStatus()));
    }

    /** A peering with these values, the state as BIRD prints it (tests, the training run). */
    public static PeeringStatus of(String name, String address, int port, long asNumber, String type, String description,
                                   String state, Instant since, String downReason, int received, int accepted, int advertised,
                                   long updatesReceived, long updatesSent) {
        return new PeeringStatus(name, type, description, port, session(address, name, asNumber, state(state), since, downReason,
                0, received, accepted, advertised, updatesReceived, updatesSent, PeerStatus.GracefulRestartState.ENABLED));
    }

    /** A speaker status with these values, without BFD (tests, the training run). */
    public static PeerStatus session(String address, String label, long asNumber, SessionState state, Instant since,
                                     String downReason, int holdTime, int received, int accepted, int advertised,
                                     long updatesReceived, long updatesSent, PeerStatus.GracefulRestartState gr) {
        return session(address, label, asNumber, state, since, downReason, holdTime, received, accepted, advertised,
                updatesReceived, updatesSent, gr, null);
    }

    /** A speaker status with these values; {@code since} is when it entered {@code state} (the JSON reader). */
    public static PeerStatus session(String address, String label, long asNumber, SessionState state, Instant since,
                                     String downReason, int holdTime, int received, int accepted, int advertised,
                                     long updatesReceived, long updatesSent, PeerStatus.GracefulRestartState gr,
                                     BfdStatus bfd) {
        return new PeerStatus(new PeerId(IpAddress.parse(address), label), asNumber, state,
                state == SessionState.ESTABLISHED ? since : null, downReason == null ? "" : downReason, holdTime, List.of(),
                received, accepted, advertised, updatesReceived, updatesSent, 0, 0, Map.of(), Map.of(), gr, since, bfd);
    }

    static SessionState state(String displayName) {
        for (SessionState s : SessionState.values()) {
            if (s.displayName().equals(displayName)) {
                return s;
            }
        }
        return SessionState.IDLE;
    }

    static PeerStatus.GracefulRestartState gracefulRestart(String label) {
        for (PeerStatus.GracefulRestartState g : PeerStatus.GracefulRestartState.values()) {
            if (g.label().equals(label)) {
                return g;
            }
        }
        return PeerStatus.GracefulRestartState.DISABLED;
    }

    @JsonProperty("address")
    public String address() {
        return session.address().toString();
    }

    @JsonProperty("asNumber")
    public long asNumber() {
        return session.asNumber();
    }

    /** The RFC 4271 state, as BIRD prints it ({@code Established}, {@code Active}, ...). */
    @JsonProperty("state")
    public String state() {
        return session.state().displayName();
    }

    /** When the session entered its current state (Established or down since when); null when unknown. */
    @JsonProperty("since")
    public Instant since() {
        return session.stateSince() != null ? session.stateSince() : session.establishedSince();
    }

    /** The peer's BFD session; null when BFD is off for it. */
    @JsonProperty("bfd")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public BfdView bfd() {
        return BfdView.of(session.bfd());
    }

    /** Why the session last went down; null if it never did. */
    @JsonProperty("downReason")
    public String downReason() {
        return session.lastDownReason() == null || session.lastDownReason().isEmpty() ? null : session.lastDownReason();
    }

    @JsonProperty("holdTime")
    public int holdTime() {
        return session.holdTime();
    }

    @JsonProperty("prefixesReceived")
    public int prefixesReceived() {
        return session.prefixesReceived();
    }

    @JsonProperty("prefixesAccepted")
    public int prefixesAccepted() {
        return session.prefixesAccepted();
    }

    @JsonProperty("prefixesAdvertised")
    public int prefixesAdvertised() {
        return session.prefixesAdvertised();
    }

    @JsonProperty("updatesReceived")
    public long updatesReceived() {
        return session.updatesReceived();
    }

    @JsonProperty("updatesSent")
    public long updatesSent() {
        return session.updatesSent();
    }

    /** {@code disabled}, {@code enabled} or {@code peer-restarting (routes kept as stale)}. */
    @JsonProperty("gracefulRestart")
    public String gracefulRestart() {
        return session.gracefulRestart().label();
    }

    public boolean established() {
        return session.state() == SessionState.ESTABLISHED;
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

package io.muslin.agent.status;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.bfd.Diagnostic;
import java.time.Instant;

/**
 * A peering's BFD session as {@code /status} shows it ({@code peers[].bfd}), read back by the
 * command line.
 *
 * @param state            {@code up}, {@code down}, {@code init} or {@code admin-down}
 * @param since            when it entered that state
 * @param diagnostic       why we last left Up ({@code control-detection-time-expired}, ...)
 * @param remoteState      the state in the peer's last packet
 * @param txIntervalMs     our negotiated transmit interval
 * @param detectTimeMs     how long without a packet before the session goes down
 * @param packetsIn        packets received for the session
 * @param packetsOut       packets sent
 * @param stateChanges     state transitions since the session was made
 */
@JsonPropertyOrder({"state", "since", "diagnostic", "remoteState", "txIntervalMs", "detectTimeMs", "packetsIn", "packetsOut",
    "stateChanges"})
public record BfdView(String state, Instant since, String diagnostic, String remoteState, long txIntervalMs,
                      long detectTimeMs, long packetsIn, long packetsOut, long stateChanges) {
    public static BfdView of(BfdStatus b) {
        return b == null ? null : new BfdView(b.state().label(), b.since(), b.localDiag().label(), b.remoteState().label(),
                b.txIntervalMs(), b.detectTimeMs(), b.packetsIn(), b.packetsOut(), b.stateChanges());
    }

    /** Back to the speaker's type (the discriminators and the peer's diagnostic are not in the JSON). */
    BfdStatus toStatus() {
        return new BfdStatus(state(state), since, diagnostic(diagnostic), state(remoteState), Diagnostic.NONE, 0, 0,
                txIntervalMs, detectTimeMs, false, packetsIn, packetsOut, stateChanges);
    }

    private static BfdState state(String label) {
        for (BfdState s : BfdState.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return BfdState.DOWN;
    }

    private static Diagnostic diagnostic(String label) {
        for (Diagnostic d : Diagnostic.values()) {
            if (d.label().equals(label)) {
                return d;
            }
        }
        return Diagnostic.NONE;
    }
}

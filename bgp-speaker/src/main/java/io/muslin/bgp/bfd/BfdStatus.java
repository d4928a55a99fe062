package io.muslin.bgp.bfd;

import java.time.Instant;

/**
 * One BFD session at one moment.
 *
 * @param since             when the session entered {@code state}
 * @param localDiag         why we last left Up (or went AdminDown)
 * @param remoteState       the state in the peer's last packet (Down before any)
 * @param remoteDiag        the diagnostic in the peer's last packet
 * @param txIntervalMs      the interval between our packets before jitter (0: we do not send, the peer asked for none)
 * @param detectTimeMs      how long without a packet before the session goes Down (0 before the peer is heard)
 * @param remoteControlIndependent the C bit of the peer's last packet
 * @param stateChanges      state transitions since the session was made
 */
public record BfdStatus(BfdState state, Instant since, Diagnostic localDiag, BfdState remoteState, Diagnostic remoteDiag,
                        int localDiscriminator, int remoteDiscriminator, long txIntervalMs, long detectTimeMs,
                        boolean remoteControlIndependent, long packetsIn, long packetsOut, long stateChanges) {
}

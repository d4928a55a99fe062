package io.muslin.bgp.rib;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An established peer as {@link RibCore} sees it: its Adj-RIB-Out, how to reach its session, and
 * the End-of-RIB markers still awaited from it (RFC 4724). Identity equality. RIB thread only.
 */
final class RibSession {
    final RibPeer peer;
    final ExportRules.Target target;
    final AdjRibOut out;
    final PeerControl control;
    /** Families whose End-of-RIB selection deferral waits for. */
    final Set<AfiSafi> endOfRibPending;
    /** Families of a peer with the R bit set: selection does not wait for them, the FIB does. */
    final Set<AfiSafi> fibEndOfRibPending = new HashSet<>();
    /** Something was queued for it in the current flush. */
    boolean touched;

    /**
     * @param gr         the peer's graceful restart capability, or null
     * @param fibWaiting the FIB waits for End-of-RIB (we are deferring, or the Loc-RIB is incomplete)
     */
    RibSession(RibPeer peer, ExportRules.Target target, AdjRibOut out, PeerControl control,
            Capability.GracefulRestart gr, List<AfiSafi> families, boolean fibWaiting) {
        this.peer = peer;
        this.target = target;
        this.out = out;
        this.control = control;
        // RFC 4724 §4.1: a restarting speaker does not wait for the End-of-RIB of a peer that has no
        // GR capability or is restarting too (R bit): two speakers restarting together would wait for each other.
        this.endOfRibPending = gr == null || gr.restarting() ? new HashSet<>() : new HashSet<>(families);
        if (fibWaiting && gr != null && gr.restarting()) {
            fibEndOfRibPending.addAll(families);
        }
    }

    /** The peer sent End-of-RIB for the family: neither selection nor the FIB waits for it any more. */
    void endOfRib(AfiSafi family) {
        endOfRibPending.remove(family);
        fibEndOfRibPending.remove(family);
    }

    /** Every configured peer is established and sent every End-of-RIB selection deferral waits for. */
    static boolean allEndOfRibsIn(Collection<RibPeer> peers, Map<RibPeer, RibSession> sessions) {
        for (RibPeer p : peers) {
            RibSession s = sessions.get(p);
            if (s == null || !s.endOfRibPending.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** No established peer that set the R bit still owes an End-of-RIB. */
    static boolean allFibEndOfRibsIn(Collection<RibSession> sessions) {
        for (RibSession s : sessions) {
            if (!s.fibEndOfRibPending.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}

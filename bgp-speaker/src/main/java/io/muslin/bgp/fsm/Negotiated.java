package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.Open;
import java.util.List;

/**
 * What two OPENs agreed on (RFC 4271 §4.2, RFC 5492).
 *
 * @param holdTime        the smaller of both proposals, in seconds; 0 = no hold timer, no keepalives
 * @param families        offered by both sides
 * @param peerGracefulRestart the peer's GR capability, or null when it has none
 */
public record Negotiated(long peerAs, int peerBgpId, int holdTime, List<AfiSafi> families, boolean fourOctetAs,
                         boolean extendedMessages, boolean routeRefresh, boolean external,
                         Capability.GracefulRestart peerGracefulRestart, Open peerOpen) {
    public Negotiated {
        families = List.copyOf(families);
    }

    public int keepaliveInterval() {
        return holdTime / 3;
    }

    public CodecContext codecContext() {
        return new CodecContext(fourOctetAs, extendedMessages, external, external ? peerAs : 0);
    }
}

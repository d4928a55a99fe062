package io.muslin.bgp.speaker;

import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * The speaker at one moment, as an immutable value; cheap to make and never waiting behind a
 * full-table ingest.
 *
 * @param locRibRoutes      prefixes in the Loc-RIB, our own included
 * @param selectionDeferred true while this speaker restarts gracefully and waits for its peers'
 *                          End-of-RIB (RFC 4724 §4.1): consumers see an incomplete snapshot
 * @param peers             one per configured peer, in the order of the desired state
 */
public record SpeakerStatus(long asNumber, IpAddress routerId, int locRibRoutes, boolean selectionDeferred,
                            List<PeerStatus> peers) {
    public SpeakerStatus {
        peers = List.copyOf(peers);
    }

    public Optional<PeerStatus> peer(IpAddress address) {
        return peers.stream().filter(p -> p.address().equals(address)).findFirst();
    }
}

package io.muslin.agent.bgp;

import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.PeerKind;
import io.muslin.agent.status.PeeringStatus;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.SpeakerStatus;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The speaker's sessions as {@code /status} shows them: each speaker {@link PeerStatus} wrapped,
 * by address, with what only the agent knows — the peering's name, its kind (mesh, global, node),
 * why it exists and the peer's port.
 */
public final class PeerStatusView {
    private PeerStatusView() {
    }

    public static List<PeeringStatus> of(SpeakerStatus speaker, Map<IpAddress, DesiredPeer> desired) {
        List<PeeringStatus> out = new ArrayList<>();
        for (PeerStatus s : speaker.peers()) {
            DesiredPeer d = desired.get(s.address());
            out.add(d == null
                    ? new PeeringStatus(s.description(), PeeringStatus.type(PeerKind.GLOBAL), s.description(), 179, s)
                    : new PeeringStatus(d.name(), PeeringStatus.type(d.kind()), d.description(), d.port(), s));
        }
        return out;
    }
}

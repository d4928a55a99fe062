package io.muslin.agent.bgp;

import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.PeerKind;
import io.muslin.agent.status.PeerStatus;
import io.muslin.bgp.speaker.SpeakerStatus;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The speaker's sessions as {@code /status} shows them: each session's state and counters from
 * the speaker, joined by address with what only the agent knows — the peering's name, its kind
 * (mesh, global, node) and why it exists.
 */
public final class PeerStatusView {
    private PeerStatusView() {
    }

    public static List<PeerStatus> of(SpeakerStatus speaker, Map<IpAddress, DesiredPeer> desired) {
        List<PeerStatus> out = new ArrayList<>();
        for (io.muslin.bgp.speaker.PeerStatus s : speaker.peers()) {
            DesiredPeer d = desired.get(s.address());
            String name = d == null ? s.description() : d.name();
            int port = d == null ? 179 : d.port();
            String type = d == null ? PeerStatus.type(PeerKind.GLOBAL) : PeerStatus.type(d.kind());
            String why = d == null ? s.description() : d.description();
            String down = s.lastDownReason() == null || s.lastDownReason().isEmpty() ? null : s.lastDownReason();
            out.add(new PeerStatus(name, s.address().toString(), port, s.asNumber(), type, why, s.state().displayName(),
                    s.establishedSince(), down, s.prefixesReceived(), s.prefixesAccepted(), s.prefixesAdvertised(),
                    s.updatesReceived(), s.updatesSent()));
        }
        return out;
    }
}

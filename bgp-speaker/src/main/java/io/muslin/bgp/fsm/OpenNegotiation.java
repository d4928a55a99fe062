package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.Open;
import java.util.ArrayList;
import java.util.List;

/** Builds this speaker's OPEN and checks the peer's against it (RFC 4271 §6.2, RFC 5492, RFC 6286, RFC 6793). */
public final class OpenNegotiation {
    private OpenNegotiation() {
    }

    /** The result: what was agreed, or the NOTIFICATION to send and why. */
    public sealed interface Result {
        record Agreed(Negotiated negotiated) implements Result {
        }

        record Rejected(Notification notification, String reason) implements Result {
        }
    }

    /** Our OPEN: multiprotocol per family, route refresh, 4-octet AS, extended messages, GR if configured. */
    public static Open localOpen(SessionSettings s) {
        List<Capability> caps = new ArrayList<>();
        for (AfiSafi f : s.families()) {
            caps.add(new Capability.Multiprotocol(f));
        }
        caps.add(new Capability.RouteRefreshSupport());
        caps.add(new Capability.ExtendedMessage());
        caps.add(new Capability.FourOctetAs(s.localAs()));
        if (s.gracefulRestartTime() > 0) {
            List<Capability.GracefulRestartFamily> grFamilies = s.families().stream()
                    .map(f -> new Capability.GracefulRestartFamily(f, s.forwardingPreserved())).toList();
            caps.add(new Capability.GracefulRestart(s.restarting(), true, s.gracefulRestartTime(), grFamilies));
        }
        return Open.of(s.localAs(), s.holdTime(), s.routerId(), caps);
    }

    public static Result negotiate(SessionSettings s, Open peer) {
        long peerAs = peer.asNumber();
        if (s.peerAs() != 0 && peerAs != s.peerAs()) {
            return reject(Notification.BAD_PEER_AS, "peer says AS " + peerAs + ", configured " + s.peerAs());
        }
        if (peer.has(Capability.FourOctetAs.class) && peer.myAutonomousSystem() != Open.AS_TRANS
                && peer.myAutonomousSystem() != peerAs) {
            return reject(Notification.BAD_PEER_AS, "2-octet AS " + peer.myAutonomousSystem()
                    + " contradicts the 4-octet AS capability " + peerAs);
        }
        boolean external = s.isExternal(peerAs);
        if (peer.bgpIdentifier() == 0) {
            return reject(Notification.BAD_BGP_IDENTIFIER, "BGP identifier 0.0.0.0");
        }
        if (!external && peer.bgpIdentifier() == s.routerId()) {
            return reject(Notification.BAD_BGP_IDENTIFIER, "iBGP peer has our own BGP identifier (RFC 6286 §2.2)");
        }
        if (peer.holdTime() == 1 || peer.holdTime() == 2) {
            return reject(Notification.UNACCEPTABLE_HOLD_TIME, "hold time " + peer.holdTime() + " s is below 3");
        }
        List<AfiSafi> common = new ArrayList<>(s.families());
        common.retainAll(peer.families());
        if (common.isEmpty()) {
            // RFC 5492 §3: name the capabilities we need in the data field.
            byte[] d = new byte[6 * s.families().size()];
            int i = 0;
            for (AfiSafi f : s.families()) {
                d[i++] = (byte) Capability.MULTIPROTOCOL;
                d[i++] = 4;
                d[i++] = (byte) (f.afi() >>> 8);
                d[i++] = (byte) f.afi();
                d[i++] = 0;
                d[i++] = (byte) f.safi();
            }
            return new Result.Rejected(new Notification(Notification.OPEN_MESSAGE_ERROR, Notification.UNSUPPORTED_CAPABILITY, d),
                    "no address family in common: we offer " + s.families() + ", the peer " + peer.families());
        }
        int hold = Math.min(s.holdTime(), peer.holdTime());
        Capability.GracefulRestart gr = peer.capabilities(Capability.GracefulRestart.class).stream().findFirst().orElse(null);
        return new Result.Agreed(new Negotiated(peerAs, peer.bgpIdentifier(), hold, common,
                peer.has(Capability.FourOctetAs.class), peer.has(Capability.ExtendedMessage.class),
                peer.has(Capability.RouteRefreshSupport.class), external, gr, peer));
    }

    private static Result reject(int subcode, String reason) {
        return new Result.Rejected(new Notification(Notification.OPEN_MESSAGE_ERROR, subcode), reason);
    }
}

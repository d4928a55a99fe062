package io.muslin.bgp.rib;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Notification;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's maximum prefixes ({@link PeerPolicy.MaxPrefix}): past the limit it is warned about
 * once, or its session is reset with Cease 6/1 (RFC 4486) and reconnected after the policy's delay.
 */
final class MaxPrefixLimit {
    private static final Logger log = LoggerFactory.getLogger(MaxPrefixLimit.class);

    private MaxPrefixLimit() {
    }

    /** After routes from {@code p} were accepted: acts once when it has more than its maximum. */
    static void check(RibPeer p, Map<RibPeer, RibSession> sessions) {
        PeerPolicy.MaxPrefix max = p.policy.maxPrefix();
        if (max == null || p.accepted <= max.limit()) {
            return;
        }
        if (max.warningOnly()) {
            if (!p.maxPrefixWarned) {
                p.maxPrefixWarned = true;
                log.warn("peer {}: {} prefixes accepted, more than the maximum {}", p.name(), p.accepted, max.limit());
            }
            return;
        }
        RibSession s = sessions.get(p);
        if (s != null && !p.maxPrefixWarned) {
            p.maxPrefixWarned = true;
            log.warn("peer {}: {} prefixes accepted, more than the maximum {}: Cease 6/1, reconnect in {}",
                    p.name(), p.accepted, max.limit(), max.restartDelay());
            s.control.reset(cease(p, max.limit()), max.restartDelay());
        }
    }

    /** RFC 4486 §4: the data is AFI, SAFI and the upper bound. */
    private static Notification cease(RibPeer p, int limit) {
        AfiSafi f = p.families.isEmpty() ? AfiSafi.IPV4_UNICAST : p.families.getFirst();
        byte[] d = {(byte) (f.afi() >>> 8), (byte) f.afi(), (byte) f.safi(), (byte) (limit >>> 24), (byte) (limit >>> 16),
            (byte) (limit >>> 8), (byte) limit};
        return new Notification(Notification.CEASE, Notification.MAX_PREFIXES_REACHED, d);
    }
}

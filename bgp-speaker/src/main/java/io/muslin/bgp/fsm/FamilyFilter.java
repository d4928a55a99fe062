package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes from an UPDATE what belongs to families the session did not negotiate or has disabled
 * (RFC 4760 §7, RFC 7606 AFI/SAFI disable), so the RIB never sees them.
 */
final class FamilyFilter {
    private FamilyFilter() {
    }

    /** The part of {@code u} to act on: {@code u} itself when nothing is removed, null when nothing is left. */
    static Update keep(Update u, List<AfiSafi> negotiated, Set<AfiSafi> disabled) {
        boolean ipv4Ok = negotiated.contains(AfiSafi.IPV4_UNICAST) && !disabled.contains(AfiSafi.IPV4_UNICAST);
        boolean changed = !ipv4Ok && (!u.nlri().isEmpty() || !u.withdrawn().isEmpty());
        List<PathAttribute> attrs = new ArrayList<>(u.attributes().size());
        for (PathAttribute a : u.attributes()) {
            AfiSafi f = switch (a) {
                case PathAttribute.MpReach r -> r.family();
                case PathAttribute.MpUnreach r -> r.family();
                default -> null;
            };
            if (f != null && (!negotiated.contains(f) || disabled.contains(f))) {
                changed = true;
            } else {
                attrs.add(a);
            }
        }
        if (!changed) {
            return u;
        }
        if (attrs.isEmpty() && (!ipv4Ok || (u.nlri().isEmpty() && u.withdrawn().isEmpty()))) {
            return null; // nothing left, and an empty UPDATE would read as an IPv4 End-of-RIB
        }
        return new Update(ipv4Ok ? u.withdrawn() : List.of(), attrs, ipv4Ok ? u.nlri() : List.of());
    }
}

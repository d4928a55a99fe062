package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.bgp.wire.UpdateError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes from an UPDATE what belongs to families the session did not negotiate or has disabled
 * (RFC 4760 §7, RFC 7606 AFI/SAFI disable), so the RIB never sees them; keeps which families an
 * UPDATE error disabled until the next session.
 */
final class FamilyFilter {
    private final Set<AfiSafi> disabled = new HashSet<>();

    /** A new session: every negotiated family is enabled again. */
    void clear() {
        disabled.clear();
    }

    /**
     * Disables the families the UPDATE's errors name, with a {@link Output.FamilyDisabled} for each
     * one newly disabled; true when none of the {@code negotiated} families is left enabled.
     */
    boolean disable(DecodedMessage decoded, List<AfiSafi> negotiated, List<Output> out) {
        if (decoded.errors().isEmpty()) {
            return false;
        }
        for (UpdateError e : decoded.errors()) {
            if (e.family() != null && disabled.add(e.family())) {
                out.add(new Output.FamilyDisabled(e.family(), e.toString()));
            }
        }
        return !disabled.isEmpty() && disabled.containsAll(negotiated);
    }

    /** The message to act on: {@code decoded} itself when nothing is removed, null when nothing is left. */
    DecodedMessage keep(DecodedMessage decoded, Update u, List<AfiSafi> negotiated) {
        Update kept = keep(u, negotiated, disabled);
        if (kept == null) {
            return null;
        }
        return kept == u ? decoded
                : new DecodedMessage(kept, decoded.action(), decoded.errors(), decoded.layout(), decoded.packedAttributes());
    }

    /** The part of {@code u} to act on: {@code u} itself when nothing is removed, null when nothing is left. */
    private static Update keep(Update u, List<AfiSafi> negotiated, Set<AfiSafi> disabled) {
        boolean ipv4Ok = negotiated.contains(AfiSafi.IPV4_UNICAST) && !disabled.contains(AfiSafi.IPV4_UNICAST);
        boolean changed = !ipv4Ok && (!u.nlri().isEmpty() || !u.withdrawn().isEmpty());
        if (!changed && allKept(u.attributes(), negotiated, disabled)) {
            return u; // the usual case, decided without building anything
        }
        List<PathAttribute> attrs = new ArrayList<>(u.attributes().size());
        for (PathAttribute a : u.attributes()) {
            AfiSafi f = familyOf(a);
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

    /** True when no MP_(UN)REACH of the attributes belongs to a family not negotiated or disabled. */
    private static boolean allKept(List<PathAttribute> attributes, List<AfiSafi> negotiated, Set<AfiSafi> disabled) {
        for (int i = 0; i < attributes.size(); i++) {
            AfiSafi f = familyOf(attributes.get(i));
            if (f != null && (!negotiated.contains(f) || disabled.contains(f))) {
                return false;
            }
        }
        return true;
    }

    /** The family of an MP_REACH_NLRI or MP_UNREACH_NLRI; null for any other attribute. */
    private static AfiSafi familyOf(PathAttribute a) {
        if (a instanceof PathAttribute.MpReach r) {
            return r.family();
        }
        return a instanceof PathAttribute.MpUnreach r ? r.family() : null;
    }
}

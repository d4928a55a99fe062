package io.muslin.bgp.settings;

import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpPrefix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A prefix this speaker announces as its own (ORIGIN IGP, empty AS_PATH, next hop self), with
 * optional extra attributes: COMMUNITIES, LARGE_COMMUNITY, EXTENDED_COMMUNITIES, MED or LOCAL_PREF.
 */
public record OriginatedRoute(IpPrefix prefix, List<PathAttribute> attributes) {
    public OriginatedRoute {
        if (prefix == null) {
            throw new SettingException("prefix", "is required");
        }
        if (attributes == null) {
            attributes = List.of();
        }
        Set<Integer> codes = new HashSet<>();
        for (int i = 0; i < attributes.size(); i++) {
            PathAttribute a = attributes.get(i);
            boolean allowed = a instanceof PathAttribute.Communities || a instanceof PathAttribute.LargeCommunities
                    || a instanceof PathAttribute.ExtendedCommunities || a instanceof PathAttribute.MultiExitDisc
                    || a instanceof PathAttribute.LocalPref;
            if (!allowed) {
                throw new SettingException("attributes[" + i + "]", (a == null ? "null" : a.getClass().getSimpleName())
                        + " cannot be set on an originated route (communities, MED or LOCAL_PREF can)");
            }
            if (!codes.add(a.code())) {
                throw new SettingException("attributes[" + i + "]", a.getClass().getSimpleName() + " is given twice");
            }
        }
        attributes = List.copyOf(attributes);
    }

    public static OriginatedRoute of(IpPrefix prefix) {
        return new OriginatedRoute(prefix, List.of());
    }
}

package io.muslin.bgp.wire;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs prefixes that share one attribute set into as few UPDATEs as fit the session's maximum
 * message size: IPv4 in the NLRI field, IPv6 in MP_REACH_NLRI (RFC 4760).
 */
public final class UpdatePacker {
    private static final int HEADER_AND_LENGTHS = 19 + 2 + 2;

    private UpdatePacker() {
    }

    /**
     * @param attributes the shared attributes without NEXT_HOP / MP_REACH (added here)
     * @param nextHops   IPv4: one address; IPv6: global and optionally link-local
     */
    public static List<Update> announce(AfiSafi family, List<IpPrefix> prefixes, List<PathAttribute> attributes,
                                        List<IpAddress> nextHops, int maxMessageLength) {
        List<Update> out = new ArrayList<>();
        int attrBytes = estimate(attributes) + 64; // NEXT_HOP or MP_REACH header and next hops
        int budget = maxMessageLength - HEADER_AND_LENGTHS - attrBytes;
        List<IpPrefix> batch = new ArrayList<>();
        int used = 0;
        for (IpPrefix p : prefixes) {
            int size = Nlri.size(p);
            if (used + size > budget && !batch.isEmpty()) {
                out.add(build(family, batch, attributes, nextHops));
                batch = new ArrayList<>();
                used = 0;
            }
            batch.add(p);
            used += size;
        }
        if (!batch.isEmpty()) {
            out.add(build(family, batch, attributes, nextHops));
        }
        return out;
    }

    public static List<Update> withdraw(AfiSafi family, List<IpPrefix> prefixes, int maxMessageLength) {
        List<Update> out = new ArrayList<>();
        int budget = maxMessageLength - HEADER_AND_LENGTHS - 16;
        List<IpPrefix> batch = new ArrayList<>();
        int used = 0;
        for (IpPrefix p : prefixes) {
            int size = Nlri.size(p);
            if (used + size > budget && !batch.isEmpty()) {
                out.add(buildWithdraw(family, batch));
                batch = new ArrayList<>();
                used = 0;
            }
            batch.add(p);
            used += size;
        }
        if (!batch.isEmpty()) {
            out.add(buildWithdraw(family, batch));
        }
        return out;
    }

    private static Update build(AfiSafi family, List<IpPrefix> batch, List<PathAttribute> attributes,
                                List<IpAddress> nextHops) {
        List<PathAttribute> attrs = new ArrayList<>(attributes.size() + 1);
        if (family.equals(AfiSafi.IPV4_UNICAST)) {
            attrs.addAll(attributes);
            attrs.add(new PathAttribute.NextHop(nextHops.getFirst()));
            attrs.sort(java.util.Comparator.comparingInt(PathAttribute::code));
            return new Update(List.of(), attrs, batch);
        }
        // RFC 7606 §5.1: MP_REACH_NLRI first, so a receiver can always find the NLRI.
        attrs.add(new PathAttribute.MpReach(family, nextHops, batch));
        attrs.addAll(attributes);
        return new Update(List.of(), attrs, List.of());
    }

    private static Update buildWithdraw(AfiSafi family, List<IpPrefix> batch) {
        if (family.equals(AfiSafi.IPV4_UNICAST)) {
            return new Update(batch, List.of(), List.of());
        }
        return new Update(List.of(), List.of(new PathAttribute.MpUnreach(family, batch)), List.of());
    }

    private static int estimate(List<PathAttribute> attributes) {
        int n = 0;
        for (PathAttribute a : attributes) {
            n += 4 + switch (a) {
                case PathAttribute.AsPath p -> p.segments().stream().mapToInt(s -> 2 + 4 * s.size()).sum();
                case PathAttribute.Communities c -> 4 * c.values().size();
                case PathAttribute.LargeCommunities c -> 12 * c.values().size();
                case PathAttribute.ExtendedCommunities c -> 8 * c.values().size();
                case PathAttribute.ClusterList c -> 4 * c.clusterIds().size();
                case PathAttribute.Unknown u -> u.value().length;
                default -> 8;
            };
        }
        return n;
    }
}

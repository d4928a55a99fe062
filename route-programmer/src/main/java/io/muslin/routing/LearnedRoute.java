package io.muslin.routing;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.Arrays;
import java.util.List;

/**
 * A route learned from BGP (the Loc-RIB's selection): prefix and one or more next hops (ECMP),
 * or, as a change, no next hop at all: the prefix was withdrawn.
 */
public record LearnedRoute(IpPrefix prefix, List<IpAddress> nextHops) {

    public LearnedRoute {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix: missing");
        }
        nextHops = List.copyOf(nextHops);
    }

    public static LearnedRoute of(String prefix, String... nextHops) {
        return new LearnedRoute(IpPrefix.parse(prefix), Arrays.stream(nextHops).map(IpAddress::parse).toList());
    }

    public static LearnedRoute of(IpPrefix prefix, IpAddress nextHop) {
        return new LearnedRoute(prefix, List.of(nextHop));
    }

    /** A change saying the prefix is gone from the Loc-RIB. */
    public static LearnedRoute withdrawn(IpPrefix prefix) {
        return new LearnedRoute(prefix, List.of());
    }

    public boolean isWithdrawn() {
        return nextHops.isEmpty();
    }
}

package io.muslin.routing;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/** A route learned from BGP (the Loc-RIB's best path(s)): prefix and one or more next hops (ECMP). */
public record LearnedRoute(IpPrefix prefix, List<IpAddress> nextHops) {

    public LearnedRoute {
        nextHops = List.copyOf(nextHops);
    }

    public static LearnedRoute of(String prefix, String... nextHops) {
        return new LearnedRoute(IpPrefix.parse(prefix), java.util.Arrays.stream(nextHops).map(IpAddress::parse).toList());
    }
}

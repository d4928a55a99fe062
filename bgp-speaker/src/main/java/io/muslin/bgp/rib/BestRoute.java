package io.muslin.bgp.rib;

import io.muslin.net.IpAddress;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Loc-RIB's choice for one prefix as a value, copied on the RIB's thread: safe to keep and to
 * read from any thread.
 *
 * @param nextHops     the next hops of the multipath (ECMP) set, best first, without repeats
 * @param local        the best path is this speaker's own (originated) route
 * @param sourcePeer   the address of the peer the best path came from; null when local
 * @param asPathLength AS_PATH length of the best path (RFC 4271 §9.1.2.2: a set counts as one)
 * @param communities  COMMUNITIES of the best path (RFC 1997), as 32-bit values
 * @param localPref    LOCAL_PREF of the best path (the default 100 when it has none)
 * @param med          MULTI_EXIT_DISC of the best path, when it has one
 * @param stale        the best path is kept from a peer that is restarting (RFC 4724)
 * @param candidates   how many paths the prefix has
 * @param reason       the decision step that made the best path win (BestPath's names)
 */
public record BestRoute(List<IpAddress> nextHops, boolean local, IpAddress sourcePeer, int asPathLength,
                        List<Integer> communities, long localPref, OptionalLong med, boolean stale, int candidates,
                        String reason) {
    public BestRoute {
        nextHops = List.copyOf(nextHops);
        communities = List.copyOf(communities);
    }
}

package io.muslin.bgp.speaker;

import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes received from each peer, for the standalone speaker and route collector: what each
 * peer announced and has not withdrawn, and how many distinct prefixes the speaker knows. (The
 * full RIB with best-path selection is a separate component.)
 */
public final class RouteCollector {
    /** A received route: the peer, the prefix, its next hops and its attributes (without MP_* or NEXT_HOP). */
    public record Route(String peer, IpPrefix prefix, List<InetAddress> nextHops, List<PathAttribute> attributes) {
    }

    public sealed interface Change {
        record Announced(Route route) implements Change {
        }

        record Withdrawn(String peer, IpPrefix prefix) implements Change {
        }
    }

    private final Map<String, Map<IpPrefix, Route>> byPeer = new HashMap<>();
    private final Map<IpPrefix, Integer> holders = new HashMap<>();
    private final long localAs;

    /**
     * @param localAs    routes whose AS_PATH contains it are loops and are not kept (RFC 4271 §9.1.2)
     * @param originated prefixes this speaker originates; they count towards the known prefixes too
     */
    public RouteCollector(long localAs, List<IpPrefix> originated) {
        this.localAs = localAs;
        for (IpPrefix p : originated) {
            holders.merge(p, 1, Integer::sum);
        }
    }

    public synchronized List<Change> apply(String peer, Update u) {
        List<Change> changes = new ArrayList<>();
        Map<IpPrefix, Route> routes = byPeer.computeIfAbsent(peer, k -> new HashMap<>());
        for (IpPrefix p : u.allWithdrawn()) {
            if (routes.remove(p) != null) {
                release(p);
                changes.add(new Change.Withdrawn(peer, p));
            }
        }
        List<PathAttribute> shared = new ArrayList<>();
        List<InetAddress> v4NextHop = List.of();
        List<InetAddress> mpNextHops = List.of();
        for (PathAttribute a : u.attributes()) {
            switch (a) {
                case PathAttribute.NextHop nh -> v4NextHop = List.of(nh.address());
                case PathAttribute.MpReach r -> mpNextHops = r.nextHops();
                case PathAttribute.MpUnreach r -> { }
                default -> shared.add(a);
            }
        }
        List<PathAttribute> attributes = List.copyOf(shared);
        boolean loop = u.attribute(PathAttribute.AsPath.class).map(p -> p.contains(localAs)).orElse(false);
        for (IpPrefix p : u.nlri()) {
            announce(routes, new Route(peer, p, v4NextHop, attributes), loop, changes);
        }
        for (IpPrefix p : u.attribute(PathAttribute.MpReach.class).map(PathAttribute.MpReach::nlri).orElse(List.of())) {
            announce(routes, new Route(peer, p, mpNextHops, attributes), loop, changes);
        }
        return changes;
    }

    private void announce(Map<IpPrefix, Route> routes, Route r, boolean loop, List<Change> changes) {
        if (loop) {
            // An AS-path loop replaces what the peer sent before for the prefix: it is a withdrawal.
            if (routes.remove(r.prefix()) != null) {
                release(r.prefix());
                changes.add(new Change.Withdrawn(r.peer(), r.prefix()));
            }
            return;
        }
        if (routes.put(r.prefix(), r) == null) {
            holders.merge(r.prefix(), 1, Integer::sum);
        }
        changes.add(new Change.Announced(r));
    }

    private void release(IpPrefix p) {
        holders.computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Forgets everything a peer sent (session down). */
    public synchronized List<Change> dropPeer(String peer) {
        Map<IpPrefix, Route> routes = byPeer.remove(peer);
        if (routes == null) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>(routes.size());
        for (IpPrefix p : routes.keySet()) {
            release(p);
            changes.add(new Change.Withdrawn(peer, p));
        }
        return changes;
    }

    public synchronized int prefixesReceived(String peer) {
        Map<IpPrefix, Route> routes = byPeer.get(peer);
        return routes == null ? 0 : routes.size();
    }

    /** Distinct prefixes known: received from any peer or originated here. */
    public synchronized int locRibRoutes() {
        return holders.size();
    }

    public synchronized List<Route> routes(String peer) {
        Map<IpPrefix, Route> routes = byPeer.get(peer);
        return routes == null ? List.of() : List.copyOf(routes.values());
    }
}

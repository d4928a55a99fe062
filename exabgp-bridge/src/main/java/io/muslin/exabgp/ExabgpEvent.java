package io.muslin.exabgp;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/** One JSON event of ExaBGP's API (encoder format 4.0.1), as a value. */
public sealed interface ExabgpEvent {
    /** The neighbour the event is about. */
    IpAddress peer();

    /**
     * A session changed state: {@code connected}, {@code up} or {@code down} (with ExaBGP's
     * reason). {@code local} is our end of the session, null when ExaBGP did not say.
     */
    record StateChange(IpAddress peer, IpAddress local, long localAs, long peerAs, String state, String reason)
            implements ExabgpEvent {
    }

    /**
     * A parsed UPDATE for IPv4/IPv6 unicast: prefixes withdrawn, and announcements grouped by
     * next hop (the next hop is the key under the family in ExaBGP's JSON).
     */
    record RouteUpdate(IpAddress peer, List<IpPrefix> withdrawn, List<Announcement> announced) implements ExabgpEvent {
        public RouteUpdate {
            withdrawn = List.copyOf(withdrawn);
            announced = List.copyOf(announced);
        }
    }

    /** Prefixes announced with the same attributes and next hops (a global IPv6 one first, then its link-local). */
    record Announcement(List<IpPrefix> prefixes, List<IpAddress> nextHops, List<PathAttribute> attributes) {
        public Announcement {
            prefixes = List.copyOf(prefixes);
            nextHops = List.copyOf(nextHops);
            attributes = List.copyOf(attributes);
        }
    }

    /** The peer sent End-of-RIB for a family (RFC 4724). */
    record EndOfRib(IpAddress peer, AfiSafi family) implements ExabgpEvent {
    }

    /** A BGP-LS UPDATE (RFC 7752): link-state objects announced with their attribute, and withdrawn. */
    record LinkStateUpdate(IpAddress peer, List<LinkStateObject> announced, List<LinkStateObject> withdrawn)
            implements ExabgpEvent {
        public LinkStateUpdate {
            announced = List.copyOf(announced);
            withdrawn = List.copyOf(withdrawn);
        }
    }

    /** A NOTIFICATION sent or received ({@code direction}: {@code send} or {@code receive}). */
    record NotificationEvent(IpAddress peer, String direction, int code, int subcode) implements ExabgpEvent {
    }

    /** A well-formed event of a type the bridge does not use (e.g. {@code signal}, {@code open}). */
    record Ignored(IpAddress peer, String type) implements ExabgpEvent {
    }
}

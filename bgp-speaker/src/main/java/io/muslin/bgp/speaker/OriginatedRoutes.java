package io.muslin.bgp.speaker;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.transport.OutboundUpdates;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes this speaker originates, as one peer's outbound stream: every prefix with ORIGIN
 * IGP, next hop self, our AS prepended towards eBGP peers, LOCAL_PREF 100 towards iBGP peers,
 * then End-of-RIB per family (RFC 4724). A family is only sent with a usable next hop: the
 * session's own address family, or a configured next hop for the other one.
 */
public final class OriginatedRoutes implements OutboundUpdates {
    private static final Logger log = LoggerFactory.getLogger(OriginatedRoutes.class);

    private final long localAs;
    private final List<IpPrefix> prefixes;
    private final InetAddress nextHopIpv4;
    private final InetAddress nextHopIpv6;
    private final Queue<Update> queue = new ArrayDeque<>();

    /**
     * @param nextHopIpv4 next hop for IPv4 routes, or null for the session's local address (IPv4 sessions only)
     * @param nextHopIpv6 next hop for IPv6 routes, or null for the session's local address (IPv6 sessions only)
     */
    public OriginatedRoutes(long localAs, List<IpPrefix> prefixes, InetAddress nextHopIpv4, InetAddress nextHopIpv6) {
        this.localAs = localAs;
        this.prefixes = List.copyOf(prefixes);
        this.nextHopIpv4 = nextHopIpv4;
        this.nextHopIpv6 = nextHopIpv6;
    }

    @Override
    public void reset(Negotiated n, InetSocketAddress local) {
        queue.clear();
        List<PathAttribute> attrs = new ArrayList<>();
        attrs.add(PathAttribute.Origin.IGP);
        attrs.add(n.external() ? PathAttribute.AsPath.sequence(localAs) : PathAttribute.AsPath.EMPTY);
        if (!n.external()) {
            attrs.add(new PathAttribute.LocalPref(100));
        }
        int max = n.codecContext().maxMessageLength();
        for (AfiSafi family : n.families()) {
            List<IpPrefix> mine = prefixes.stream().filter(p -> AfiSafi.of(p).equals(family)).toList();
            InetAddress nextHop = nextHopFor(family, local == null ? null : local.getAddress());
            if (!mine.isEmpty() && nextHop == null) {
                log.warn("not announcing {} {} prefixes to AS {}: no {} next hop on this session (set nextHop{})",
                        mine.size(), family, n.peerAs(), family, family.afi() == AfiSafi.AFI_IPV6 ? "IPv6" : "IPv4");
            } else if (!mine.isEmpty()) {
                queue.addAll(UpdatePacker.announce(family, mine, attrs, List.of(nextHop), max));
            }
            queue.add(Update.endOfRib(family));
        }
    }

    /** The configured next hop for the family, else this end of the session when it is of that family. */
    private InetAddress nextHopFor(AfiSafi family, InetAddress local) {
        if (family.afi() == AfiSafi.AFI_IPV6) {
            if (nextHopIpv6 != null) {
                return nextHopIpv6;
            }
            return local instanceof Inet6Address && !local.isLinkLocalAddress() ? local : null;
        }
        if (nextHopIpv4 != null) {
            return nextHopIpv4;
        }
        return local instanceof Inet4Address ? local : null;
    }

    @Override
    public Update poll() {
        return queue.poll();
    }
}

package io.muslin.exabgp;

import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UPDATEs of a peer's Adj-RIB-Out as ExaBGP API commands, in the bulk form: one
 * {@code neighbor A announce attributes ... nlri P1 P2 ...} line per UPDATE and family, one
 * {@code neighbor A withdraw attributes next-hop self nlri ...} line for its withdrawals. The
 * AS_PATH is written out whole, so ExaBGP adds nothing to it. End-of-RIB markers are left out
 * (ExaBGP sends its own). Pure.
 */
public final class ApiCommands {
    private ApiCommands() {
    }

    public static List<String> of(IpAddress neighbor, Update u) {
        List<String> out = new ArrayList<>();
        if (u.isEndOfRib()) {
            return out;
        }
        String prefix = "neighbor " + neighbor + " ";
        List<IpPrefix> withdrawn = u.allWithdrawn();
        if (!withdrawn.isEmpty()) {
            out.add(prefix + "withdraw attributes next-hop self nlri " + join(withdrawn));
        }
        if (!u.nlri().isEmpty()) {
            Optional<PathAttribute.NextHop> hop = u.attribute(PathAttribute.NextHop.class);
            out.add(prefix + "announce attributes " + attributes(u.attributes())
                    + "next-hop " + hop.map(h -> h.address().toString()).orElse("self") + " nlri " + join(u.nlri()));
        }
        Optional<PathAttribute.MpReach> mp = u.attribute(PathAttribute.MpReach.class);
        if (mp.isPresent() && !mp.get().nlri().isEmpty()) {
            String hop = mp.get().nextHops().isEmpty() ? "self" : mp.get().nextHops().getFirst().toString();
            out.add(prefix + "announce attributes " + attributes(u.attributes()) + "next-hop " + hop + " nlri "
                    + join(mp.get().nlri()));
        }
        return out;
    }

    /** The attributes ExaBGP's text API takes, each followed by a space. */
    static String attributes(List<PathAttribute> attributes) {
        StringBuilder s = new StringBuilder();
        boolean hasPath = false;
        for (PathAttribute a : attributes) {
            switch (a) {
                case PathAttribute.Origin o -> s.append("origin ").append(switch (o.value()) {
                    case 0 -> "igp";
                    case 1 -> "egp";
                    default -> "incomplete";
                }).append(' ');
                case PathAttribute.AsPath p -> {
                    hasPath = true;
                    s.append("as-path [ ");
                    for (AsPathSegment seg : p.segments()) {
                        boolean set = seg.type() == AsPathSegment.AS_SET;
                        if (set) {
                            s.append("( ");
                        }
                        for (long asn : seg.asns()) {
                            s.append(asn).append(' ');
                        }
                        if (set) {
                            s.append(") ");
                        }
                    }
                    s.append("] ");
                }
                case PathAttribute.MultiExitDisc m -> s.append("med ").append(m.value()).append(' ');
                case PathAttribute.LocalPref l -> s.append("local-preference ").append(l.value()).append(' ');
                case PathAttribute.AtomicAggregate ignored -> s.append("atomic-aggregate ");
                case PathAttribute.Communities c when !c.values().isEmpty() -> {
                    s.append("community [ ");
                    for (int v : c.values()) {
                        s.append(Integer.toUnsignedLong(v) >>> 16).append(':').append(v & 0xFFFF).append(' ');
                    }
                    s.append("] ");
                }
                case PathAttribute.LargeCommunities c when !c.values().isEmpty() -> {
                    s.append("large-community [ ");
                    for (PathAttribute.LargeCommunity v : c.values()) {
                        s.append(v.global()).append(':').append(v.local1()).append(':').append(v.local2()).append(' ');
                    }
                    s.append("] ");
                }
                case PathAttribute.OriginatorId o -> s.append("originator-id ").append(IpAddress.v4(o.routerId())).append(' ');
                case PathAttribute.ClusterList c when !c.clusterIds().isEmpty() -> {
                    s.append("cluster-list [ ");
                    for (int id : c.clusterIds()) {
                        s.append(IpAddress.v4(id)).append(' ');
                    }
                    s.append("] ");
                }
                default -> { }
            }
        }
        if (!hasPath) {
            // An empty AS_PATH written out: ExaBGP would otherwise add its own AS on an eBGP session.
            s.append("as-path [ ] ");
        }
        return s.toString();
    }

    private static String join(List<IpPrefix> prefixes) {
        StringBuilder s = new StringBuilder();
        for (IpPrefix p : prefixes) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(p);
        }
        return s.toString();
    }
}

package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.bgp.wire.Update;
import java.util.List;
import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.PathAttribute;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Instant;

/** One JSON object per line on standard output: session state changes and, optionally, routes. */
final class EventPrinter {
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;

    EventPrinter(PrintStream out) {
        this.out = out;
    }

    void state(String peer, String from, String to, String reason) {
        ObjectNode n = event("state", peer);
        n.put("from", from).put("to", to).put("reason", reason);
        print(n);
    }

    /** One line per prefix an UPDATE withdraws or announces, as received from the peer. */
    void update(String peer, Update u) {
        for (IpPrefix p : u.allWithdrawn()) {
            ObjectNode n = event("route", peer);
            n.put("action", "withdraw").put("prefix", p.toString());
            print(n);
        }
        List<IpPrefix> announced = u.announced();
        if (announced.isEmpty()) {
            return;
        }
        List<InetAddress> hops = u.attribute(PathAttribute.MpReach.class).map(PathAttribute.MpReach::nextHops)
                .orElseGet(() -> u.attribute(PathAttribute.NextHop.class).map(h -> List.of(h.address())).orElse(List.of()));
        for (IpPrefix p : announced) {
            ObjectNode n = event("route", peer);
            n.put("action", "announce").put("prefix", p.toString());
            var arr = n.putArray("nextHops");
            for (InetAddress h : hops) {
                arr.add(IpPrefix.formatAddress(h));
            }
            for (PathAttribute attr : u.attributes()) {
                describe(n, attr);
            }
            print(n);
        }
    }

    void message(String event, String text) {
        ObjectNode n = json.createObjectNode();
        n.put("time", Instant.now().toString()).put("event", event).put("message", text);
        print(n);
    }

    private static void describe(ObjectNode n, PathAttribute a) {
        switch (a) {
            case PathAttribute.Origin o -> n.put("origin", o.toString());
            case PathAttribute.AsPath p -> n.put("asPath", p.toString());
            case PathAttribute.MultiExitDisc m -> n.put("med", m.value());
            case PathAttribute.LocalPref l -> n.put("localPref", l.value());
            case PathAttribute.Communities c -> {
                var arr = n.putArray("communities");
                c.values().forEach(v -> arr.add(PathAttribute.Communities.format(v)));
            }
            case PathAttribute.LargeCommunities c -> {
                var arr = n.putArray("largeCommunities");
                c.values().forEach(v -> arr.add(v.toString()));
            }
            case PathAttribute.ExtendedCommunities c -> {
                var arr = n.putArray("extendedCommunities");
                c.values().forEach(v -> arr.add(String.format("%016x", v)));
            }
            case PathAttribute.OriginatorId o -> n.put("originatorId", ipv4(o.routerId()));
            case PathAttribute.ClusterList c -> {
                var arr = n.putArray("clusterList");
                c.clusterIds().forEach(v -> arr.add(ipv4(v)));
            }
            case PathAttribute.AtomicAggregate x -> n.put("atomicAggregate", true);
            case PathAttribute.Aggregator g -> n.put("aggregator", g.asNumber() + " " + IpPrefix.formatAddress(g.address()));
            case PathAttribute.NextHop h -> { }
            case PathAttribute.MpReach r -> { }
            case PathAttribute.MpUnreach r -> { }
            default -> n.withArray("otherAttributes").add(a.code());
        }
    }

    private static String ipv4(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    private ObjectNode event(String kind, String peer) {
        ObjectNode n = json.createObjectNode();
        n.put("time", Instant.now().toString()).put("event", kind).put("peer", peer);
        return n;
    }

    private void print(ObjectNode n) {
        String line = n.toString();
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}

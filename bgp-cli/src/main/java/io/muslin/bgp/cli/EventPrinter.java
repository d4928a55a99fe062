package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.PeerId;
import io.muslin.bgp.speaker.SessionListener;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * One JSON object per line on standard output, one line per event: session state changes,
 * NOTIFICATIONs sent and received, configuration changes and, with {@code --print-routes}, each
 * received prefix.
 */
final class EventPrinter implements SessionListener {
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private final boolean printRoutes;

    EventPrinter(PrintStream out, boolean printRoutes) {
        this.out = out;
        this.printRoutes = printRoutes;
    }

    @Override
    public void stateChanged(PeerId peer, SessionState from, SessionState to, String reason) {
        ObjectNode n = event("state", peer);
        n.put("from", from.displayName()).put("to", to.displayName()).put("reason", reason);
        print(n);
    }

    @Override
    public void notificationSent(PeerId peer, Notification notification) {
        notification("sent", peer, notification);
    }

    @Override
    public void notificationReceived(PeerId peer, Notification notification) {
        notification("received", peer, notification);
    }

    private void notification(String direction, PeerId peer, Notification n) {
        ObjectNode e = event("notification", peer);
        e.put("direction", direction).put("code", n.code()).put("subcode", n.subcode()).put("text", n.describe());
        print(e);
    }

    /** One line per prefix an UPDATE withdraws or announces, as received from the peer. */
    @Override
    public void updateReceived(PeerId peer, Update u) {
        if (!printRoutes) {
            return;
        }
        for (IpPrefix p : u.allWithdrawn()) {
            ObjectNode n = event("route", peer);
            n.put("action", "withdraw").put("prefix", p.toString());
            print(n);
        }
        List<IpPrefix> announced = u.announced();
        if (announced.isEmpty()) {
            return;
        }
        List<IpAddress> hops = u.attribute(PathAttribute.MpReach.class).map(PathAttribute.MpReach::nextHops)
                .orElseGet(() -> u.attribute(PathAttribute.NextHop.class).map(h -> List.of(h.address())).orElse(List.of()));
        for (IpPrefix p : announced) {
            ObjectNode n = event("route", peer);
            n.put("action", "announce").put("prefix", p.toString());
            var arr = n.putArray("nextHops");
            for (IpAddress h : hops) {
                arr.add(h.toString());
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
            case PathAttribute.OriginatorId o -> n.put("originatorId", IpAddress.v4(o.routerId()).toString());
            case PathAttribute.ClusterList c -> {
                var arr = n.putArray("clusterList");
                c.clusterIds().forEach(v -> arr.add(IpAddress.v4(v).toString()));
            }
            case PathAttribute.AtomicAggregate x -> n.put("atomicAggregate", true);
            case PathAttribute.Aggregator g -> n.put("aggregator", g.asNumber() + " " + g.address());
            case PathAttribute.NextHop h -> { }
            case PathAttribute.MpReach r -> { }
            case PathAttribute.MpUnreach r -> { }
            default -> n.withArray("otherAttributes").add(a.code());
        }
    }

    private ObjectNode event(String kind, PeerId peer) {
        ObjectNode n = json.createObjectNode();
        n.put("time", Instant.now().toString()).put("event", kind).put("peer", peer.address().toString());
        if (!peer.description().isEmpty()) {
            n.put("description", peer.description());
        }
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

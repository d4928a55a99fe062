package io.muslin.exabgp;

import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fabric's link-state topology as BGP-LS peers report it (RFC 7752): nodes, links and
 * prefixes, each remembered per peer that announced it, so a peer going down takes its objects
 * with it. Thread-safe; {@link #snapshot} is an immutable value for status pages.
 */
public final class LinkStateTopology {
    /** One node, by its id ({@link LinkStateObject.NodeDescriptor#id}). */
    public record Node(String id, long asNumber, String routerId, String name, int protocolId, List<String> learnedFrom) {
    }

    /** One link from node {@code local} to node {@code remote} (node ids). */
    public record Link(String local, String remote, List<String> localAddresses, List<String> remoteAddresses,
                       Long igpMetric, int protocolId, List<String> learnedFrom) {
    }

    /** One prefix reachable through a node. */
    public record Prefix(String node, String prefix, Long metric, int protocolId, List<String> learnedFrom) {
    }

    /** The whole topology at one moment, sorted by id. */
    public record Snapshot(List<Node> nodes, List<Link> links, List<Prefix> prefixes) {
        public static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of());

        public Snapshot {
            nodes = List.copyOf(nodes);
            links = List.copyOf(links);
            prefixes = List.copyOf(prefixes);
        }
    }

    private final Map<IpAddress, Map<String, LinkStateObject>> byPeer = new HashMap<>();

    /** Applies one BGP-LS UPDATE from a peer: withdrawals first, then announcements. */
    public synchronized void apply(ExabgpEvent.LinkStateUpdate u) {
        Map<String, LinkStateObject> mine = byPeer.computeIfAbsent(u.peer(), k -> new HashMap<>());
        for (LinkStateObject o : u.withdrawn()) {
            mine.remove(key(o));
        }
        for (LinkStateObject o : u.announced()) {
            mine.put(key(o), o);
        }
    }

    /** The peer's session ended: what only it reported is gone. */
    public synchronized void dropPeer(IpAddress peer) {
        byPeer.remove(peer);
    }

    public synchronized Snapshot snapshot() {
        Map<String, Node> nodes = new HashMap<>();
        Map<String, Link> links = new HashMap<>();
        Map<String, Prefix> prefixes = new HashMap<>();
        for (Map.Entry<IpAddress, Map<String, LinkStateObject>> e : byPeer.entrySet()) {
            String from = e.getKey().toString();
            for (LinkStateObject o : e.getValue().values()) {
                switch (o) {
                    case LinkStateObject.Node n -> nodes.merge(n.node().id(), new Node(n.node().id(), n.node().asNumber(),
                            n.node().routerId(), n.name(), n.protocolId(), List.of(from)), LinkStateTopology::merge);
                    case LinkStateObject.Link l -> links.merge(l.id(), new Link(l.local().id(), l.remote().id(),
                            l.localAddresses(), l.remoteAddresses(), l.igpMetric(), l.protocolId(), List.of(from)),
                            (a, b) -> new Link(a.local(), a.remote(), a.localAddresses(), a.remoteAddresses(), a.igpMetric(),
                                    a.protocolId(), union(a.learnedFrom(), b.learnedFrom())));
                    case LinkStateObject.Prefix p -> prefixes.merge(p.node().id() + " " + p.prefix(), new Prefix(p.node().id(),
                            p.prefix(), p.metric(), p.protocolId(), List.of(from)),
                            (a, b) -> new Prefix(a.node(), a.prefix(), a.metric(), a.protocolId(), union(a.learnedFrom(), b.learnedFrom())));
                }
            }
        }
        // A node known only from links or prefixes still shows, without a name.
        for (Link l : links.values()) {
            nodes.putIfAbsent(l.local(), new Node(l.local(), 0, null, null, l.protocolId(), l.learnedFrom()));
            nodes.putIfAbsent(l.remote(), new Node(l.remote(), 0, null, null, l.protocolId(), l.learnedFrom()));
        }
        return new Snapshot(nodes.values().stream().sorted(Comparator.comparing(Node::id)).toList(),
                links.values().stream().sorted(Comparator.comparing((Link l) -> l.local()).thenComparing(Link::remote)).toList(),
                prefixes.values().stream().sorted(Comparator.comparing(Prefix::node).thenComparing(Prefix::prefix)).toList());
    }

    private static Node merge(Node a, Node b) {
        return new Node(a.id(), a.asNumber(), a.routerId(), a.name() != null ? a.name() : b.name(), a.protocolId(),
                union(a.learnedFrom(), b.learnedFrom()));
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        out.sort(null);
        return List.copyOf(out);
    }

    private static String key(LinkStateObject o) {
        return switch (o) {
            case LinkStateObject.Node n -> "node " + n.protocolId() + " " + n.node().id();
            case LinkStateObject.Link l -> "link " + l.protocolId() + " " + l.id();
            case LinkStateObject.Prefix p -> "prefix " + p.protocolId() + " " + p.node().id() + " " + p.prefix();
        };
    }
}

package io.muslin.agent.peers;

import io.muslin.agent.peers.ClusterView.NodeInfo;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.Durations;
import io.muslin.datastore.model.Node;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's BGP sessions, computed from Node, BGPPeer and BGPConfiguration resources the way
 * Calico's confd does ({@code confd/pkg/backends/calico/client.go} {@code updatePeersV1} and
 * {@code bgp_processor.go} {@code processPeers}). A pure function.
 *
 * <p>The rules, in Calico's order:
 * <ol>
 *   <li>Every BGPPeer becomes peerings keyed by (peer address, port): one without {@code node} and
 *       {@code nodeSelector} is <em>global</em> (every node); one with them is <em>node specific</em>
 *       for the nodes it selects. The peer side is {@code peerIP} (with {@code asNumber}, optional
 *       {@code :port}) or every node matching {@code peerSelector} (at each BGP address of the node,
 *       its AS and listen port). Global peerings are made first; the first peering made for a key
 *       wins; a node-specific peering is dropped where a global one has the same key.</li>
 *   <li>Reverse peerings keep node-to-node sessions symmetric: the nodes a BGPPeer points at (its
 *       {@code peerSelector}, or the nodes whose address, AS and port match {@code peerIP}) get a
 *       node-specific peering back to the nodes it selects ({@code node}, {@code nodeSelector}, or
 *       all), unless a peering for that key already exists.</li>
 *   <li>The node-to-node mesh ({@code nodeToNodeMeshEnabled}, on by default) peers with every other
 *       node that has an address of the family, unless this node or the other is a route reflector
 *       ({@code routeReflectorClusterID}). The node with the greater address (compared as text, as
 *       Calico does) waits passively.</li>
 *   <li>A peer whose address is this node's is skipped. Towards a peer of this node's AS, a route
 *       reflector treats every peer that is not in its own cluster as its client.</li>
 * </ol>
 * Where Calico leaves a choice to Go's map order (two BGPPeers of one pass claiming one key), the
 * BGPPeer first by name wins. Calico renders a mesh and an explicit peering to the same address as
 * two BIRD protocols, and BIRD hands an incoming connection to the first in its file, which confd
 * sorts by name ({@code Global_} before {@code Mesh_} before {@code Node_}); Muslin's speaker keeps
 * one session per address, so the first by name is kept and the others are listed in
 * {@link PeerSet#warnings()}.
 */
public final class PeerCalculator {

    private PeerCalculator() {
    }

    /** What a BGPPeer contributes for one peer address (Calico's {@code backends.BGPPeer}). */
    private record Candidate(IpAddress ip, int port, long as, String sourceAddress, boolean keepNextHop, String nextHopMode,
                             boolean calicoNode, int ttl, List<String> filters, Optional<String> password,
                             Optional<Duration> restartTime, IpAddress rrClusterId, String peerNode, String resource,
                             boolean reverse, BGPPeer.Bfd bfd) {}

    /** A peering key: global, or node specific for this node. */
    private record Key(boolean global, IpAddress ip, int port) {}

    /**
     * @param nodeName      this node
     * @param nodes         every Node resource
     * @param bgpPeers      every BGPPeer resource
     * @param configs       every BGPConfiguration ({@code default} and the {@code node.<name>} ones)
     * @param secrets       where BGPPeer passwords are read from
     */
    public static PeerSet compute(String nodeName, Collection<Node> nodes, Collection<BGPPeer> bgpPeers,
                                  Collection<BGPConfiguration> configs, Secrets secrets) {
        List<String> warnings = new ArrayList<>();
        ClusterView view = new ClusterView(nodes, configs, warnings);
        NodeInfo me = view.nodes.get(nodeName);
        int myPort = view.configuredPortOf(nodeName);
        if (me == null) {
            warnings.add("Node " + nodeName + " is not in the datastore: no peers");
            return new PeerSet(view.globalAs, myPort == 0 ? 179 : myPort, Optional.empty(), view.meshEnabled, List.of(), warnings);
        }
        List<BGPPeer> sorted = new ArrayList<>(bgpPeers);
        sorted.sort(Comparator.comparing(p -> p.metadata().name()));
        Map<Key, Candidate> emitted = emitPeerings(view, me, sorted, secrets);

        long myAs = view.asOf(me);
        List<DesiredPeer> out = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            IpAddress mine = me.address(v6);
            if (mine == null) {
                continue;
            }
            mesh(view, me, mine, v6, out);
            for (Map.Entry<Key, Candidate> e : emitted.entrySet()) {
                if (e.getKey().ip().v6() == v6) {
                    DesiredPeer p = build(e.getValue(), e.getKey().global() ? PeerKind.GLOBAL : PeerKind.NODE, me, mine, myAs);
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(DesiredPeer::name));
        List<DesiredPeer> unique = new ArrayList<>();
        Map<IpAddress, DesiredPeer> byAddress = new LinkedHashMap<>();
        for (DesiredPeer p : out) {
            DesiredPeer first = byAddress.putIfAbsent(p.address(), p);
            if (first == null) {
                unique.add(p);
            } else {
                warnings.add(p.name() + " (" + p.description() + ") dropped: " + first.name() + " already peers with "
                        + p.address());
            }
        }
        return new PeerSet(myAs, myPort == 0 ? 179 : myPort, Optional.ofNullable(me.clusterId()), view.meshEnabled, unique,
                warnings);
    }

    /** Calico's {@code updatePeersV1}, keeping only the keys that concern {@code me}. */
    private static Map<Key, Candidate> emitPeerings(ClusterView view, NodeInfo me, List<BGPPeer> peers, Secrets secrets) {
        Map<Key, Candidate> emitted = new LinkedHashMap<>();
        for (boolean globalPass : new boolean[] {true, false}) {
            for (BGPPeer res : peers) {
                BGPPeer.Spec s = res.spec();
                if (s == null) {
                    continue;
                }
                boolean global = blank(s.nodeSelector()) && blank(s.node());
                if (global != globalPass) {
                    continue;
                }
                if (!global) {
                    List<String> local = !blank(s.nodeSelector()) ? view.matching(s.nodeSelector(), owner(res, "spec.nodeSelector"))
                            : List.of(s.node());
                    if (!local.contains(me.name())) {
                        continue;
                    }
                }
                List<Candidate> candidates;
                if (!blank(s.peerSelector())) {
                    candidates = new ArrayList<>();
                    for (String n : view.matching(s.peerSelector(), owner(res, "spec.peerSelector"))) {
                        candidates.addAll(nodeAsPeers(view, view.nodes.get(n), true, true, res, secrets, false));
                    }
                } else {
                    Candidate c = peerIpCandidate(view, res, secrets);
                    candidates = c == null ? List.of() : List.of(c);
                }
                for (Candidate c : candidates) {
                    emit(emitted, new Key(global, c.ip(), c.port()), c);
                }
            }
        }
        for (BGPPeer res : peers) {
            BGPPeer.Spec s = res.spec();
            if (s == null) {
                continue;
            }
            List<String> local;
            boolean v4;
            boolean v6;
            if (!blank(s.peerSelector())) {
                local = view.matching(s.peerSelector(), owner(res, "spec.peerSelector"));
                v4 = true;
                v6 = true;
            } else {
                HostPort hp = HostPort.parse(s.peerIP());
                if (hp == null) {
                    continue;
                }
                local = view.nodesWithIpPortAndAs(hp.ip(), s.asNumber() == null ? 0 : s.asNumber(), hp.port());
                v4 = !hp.ip().v6();
                v6 = hp.ip().v6();
            }
            if (!local.contains(me.name())) {
                continue;
            }
            List<String> remote = !blank(s.nodeSelector()) ? view.matching(s.nodeSelector(), owner(res, "spec.nodeSelector"))
                    : !blank(s.node()) ? List.of(s.node()) : List.copyOf(view.nodes.keySet());
            for (String n : remote) {
                NodeInfo info = view.nodes.get(n);
                if (info == null) {
                    continue;
                }
                for (Candidate c : nodeAsPeers(view, info, v4, v6, res, secrets, true)) {
                    emit(emitted, new Key(false, c.ip(), c.port()), c);
                }
            }
        }
        return emitted;
    }

    /** First emitted wins; a node-specific key is dropped where the global key exists. */
    private static void emit(Map<Key, Candidate> emitted, Key key, Candidate c) {
        if (emitted.containsKey(key)) {
            return;
        }
        if (!key.global() && emitted.containsKey(new Key(true, key.ip(), key.port()))) {
            return;
        }
        emitted.put(key, c);
    }

    /** Calico's {@code nodeAsBGPPeers} followed by {@code setPeerConfigFieldsFromV3Resource}. */
    private static List<Candidate> nodeAsPeers(ClusterView view, NodeInfo node, boolean v4, boolean v6, BGPPeer res,
                                               Secrets secrets, boolean reverse) {
        List<Candidate> out = new ArrayList<>();
        BGPPeer.Spec s = res.spec();
        for (boolean family : new boolean[] {false, true}) {
            if ((family ? !v6 : !v4) || node.address(family) == null) {
                continue;
            }
            out.add(new Candidate(node.address(family), view.configuredPortOf(node.name()), view.asOf(node),
                    sourceAddress(s), keepOriginal(s), s.nextHopMode(), false, ttl(s), filters(s), password(res, secrets, view),
                    restartTime(res, view), node.clusterId(), node.name(), res.metadata().name(), reverse, s.bfd()));
        }
        return out;
    }

    private static Candidate peerIpCandidate(ClusterView view, BGPPeer res, Secrets secrets) {
        BGPPeer.Spec s = res.spec();
        HostPort hp = HostPort.parse(s.peerIP());
        if (hp == null) {
            view.warnings.add(owner(res, "spec.peerIP") + ": '" + s.peerIP() + "' is not an address; ignored");
            return null;
        }
        long as = s.asNumber() == null ? 0 : s.asNumber();
        int port = hp.port();
        if (port == 0) {
            List<String> nodes = view.nodesWithIpPortAndAs(hp.ip(), as, 0);
            if (!nodes.isEmpty()) {
                port = view.configuredPortOf(nodes.getFirst());
            }
        }
        List<String> sameIp = view.nodes.values().stream().filter(n -> n.has(hp.ip()))
                .map(NodeInfo::name).toList();
        return new Candidate(hp.ip(), port, as == 0 ? view.globalAs : as, sourceAddress(s), keepOriginal(s), s.nextHopMode(),
                view.isNodeAddress(hp.ip()), ttl(s), filters(s), password(res, secrets, view), restartTime(res, view), null,
                sameIp.isEmpty() ? null : sameIp.getFirst(), res.metadata().name(), false, s.bfd());
    }

    /** Calico's {@code processMeshPeers} for one family. */
    private static void mesh(ClusterView view, NodeInfo me, IpAddress mine, boolean v6, List<DesiredPeer> out) {
        if (me.clusterId() != null || !view.meshEnabled) {
            return;
        }
        Optional<Duration> restart = Optional.empty();
        if (view.global != null && view.global.spec() != null && view.global.spec().nodeMeshMaxRestartTime() != null) {
            restart = duration(view.global.spec().nodeMeshMaxRestartTime(), "BGPConfiguration default: spec.nodeMeshMaxRestartTime",
                    view);
        }
        BGPPeer.Bfd bfd = view.global == null || view.global.spec() == null ? null : view.global.spec().nodeMeshBFD();
        for (NodeInfo n : view.nodes.values()) {
            IpAddress ip = n.address(v6);
            if (ip == null || ip.equals(mine) || n.clusterId() != null) {
                continue;
            }
            int port = view.configuredPortOf(n.name());
            out.add(new DesiredPeer("Mesh_" + id(ip), PeerKind.MESH, PeerRole.PEER, ip, port == 0 ? 179 : port, view.asOf(n),
                    Optional.empty(), Optional.of(mine), ip.toString().compareTo(mine.toString()) > 0, NextHopMode.AUTO,
                    restart, 0, List.of(), Optional.of(n.name()), Optional.empty(), "node-to-node mesh with " + n.name(),
                    Optional.ofNullable(meshBfd(bfd, me, ip))));
        }
    }

    /**
     * BGPConfiguration {@code default}'s {@code nodeMeshBFD} for one mesh peer: single hop (RFC 5881)
     * when the peer is in this node's subnet, multihop (RFC 5883) when it is not, unless the
     * configuration says which; null when BFD is not asked for on the mesh.
     */
    private static BGPPeer.Bfd meshBfd(BGPPeer.Bfd bfd, NodeInfo me, IpAddress peer) {
        if (bfd == null || bfd.multihop() != null) {
            return bfd;
        }
        return new BGPPeer.Bfd(bfd.minRxMs(), bfd.minTxMs(), bfd.multiplier(), !me.sameSubnet(peer));
    }

    /** Calico's {@code buildPeerFromData}: null for a peering with this node itself. */
    private static DesiredPeer build(Candidate c, PeerKind kind, NodeInfo me, IpAddress mine, long myAs) {
        if (c.ip().equals(mine)) {
            return null;
        }
        String name = (kind == PeerKind.GLOBAL ? "Global_" : "Node_") + id(c.ip()) + (c.port() > 0 ? "_port_" + c.port() : "");
        Optional<IpAddress> source = Optional.empty();
        if ("UseNodeIP".equals(c.sourceAddress())) {
            source = Optional.of(mine);
        } else if (c.sourceAddress() != null && !"None".equals(c.sourceAddress())) {
            source = Optional.of(IpAddress.parse(c.sourceAddress()));
        }
        NextHopMode nh = NextHopMode.AUTO;
        if ("Self".equals(c.nextHopMode())) {
            nh = NextHopMode.SELF;
        } else if ("Keep".equals(c.nextHopMode()) || (c.keepNextHop() && c.as() != myAs)) {
            nh = NextHopMode.KEEP;
        }
        PeerRole role = PeerRole.PEER;
        if (c.as() == myAs && me.clusterId() != null && !me.clusterId().equals(c.rrClusterId())) {
            role = PeerRole.ROUTE_REFLECTOR_CLIENT;
        } else if (c.as() == myAs && me.clusterId() == null && c.rrClusterId() != null) {
            role = PeerRole.ROUTE_REFLECTOR;
        }
        boolean passive = kind == PeerKind.GLOBAL && c.calicoNode() && c.ip().toString().compareTo(mine.toString()) > 0;
        return new DesiredPeer(name, kind, role, c.ip(), c.port() > 0 ? c.port() : 179, c.as(), c.password(), source, passive,
                nh, c.restartTime(), c.ttl(), c.filters(), Optional.ofNullable(c.peerNode()), Optional.of(c.resource()),
                describe(c, kind, role), Optional.ofNullable(c.bfd()));
    }

    private static String describe(Candidate c, PeerKind kind, PeerRole role) {
        StringBuilder sb = new StringBuilder(kind == PeerKind.GLOBAL ? "global peering" : "node-specific peering");
        sb.append(c.peerNode() != null ? " with node " + c.peerNode() : " with " + c.ip());
        sb.append(c.reverse() ? " (reverse of BGPPeer " : " (BGPPeer ").append(c.resource()).append(')');
        if (role == PeerRole.ROUTE_REFLECTOR_CLIENT) {
            sb.append(", our route-reflector client");
        } else if (role == PeerRole.ROUTE_REFLECTOR) {
            sb.append(", our route reflector (cluster ").append(c.rrClusterId()).append(')');
        }
        return sb.toString();
    }

    /** {@code 10_0_0_2} for 10.0.0.2, {@code fd00__2} for fd00::2, as confd names BIRD protocols. */
    private static String id(IpAddress ip) {
        return ip.toString().replace('.', '_').replace(':', '_');
    }

    private static String sourceAddress(BGPPeer.Spec s) {
        return s.sourceAddress() == null || s.sourceAddress().isEmpty() ? "UseNodeIP" : s.sourceAddress();
    }

    /** Calico's {@code getNextHopMode}: {@code keepOriginalNextHop} counts only when {@code nextHopMode} is unset. */
    private static boolean keepOriginal(BGPPeer.Spec s) {
        return s.nextHopMode() == null && Boolean.TRUE.equals(s.keepOriginalNextHop());
    }

    private static int ttl(BGPPeer.Spec s) {
        return s.ttlSecurity() == null ? 0 : s.ttlSecurity();
    }

    private static List<String> filters(BGPPeer.Spec s) {
        return s.filters() == null ? List.of() : s.filters();
    }

    private static Optional<String> password(BGPPeer res, Secrets secrets, ClusterView view) {
        BGPPeer.Password p = res.spec().password();
        if (p == null || p.secretKeyRef() == null) {
            return Optional.empty();
        }
        BGPPeer.SecretKeyRef ref = p.secretKeyRef();
        Optional<String> v = secrets.value(ref.name(), ref.key());
        if (v.isEmpty()) {
            String w = owner(res, "spec.password") + ": secret " + ref.name() + " has no key " + ref.key()
                    + "; peering without a password";
            if (!view.warnings.contains(w)) {
                view.warnings.add(w);
            }
        }
        return v;
    }

    private static Optional<Duration> restartTime(BGPPeer res, ClusterView view) {
        String t = res.spec().maxRestartTime();
        return t == null ? Optional.empty() : duration(t, owner(res, "spec.maxRestartTime"), view);
    }

    /** Whole seconds, rounded as Calico does. */
    private static Optional<Duration> duration(String text, String field, ClusterView view) {
        try {
            Duration d = Durations.parse(text);
            return Optional.of(Duration.ofSeconds(Math.round(d.toMillis() / 1000.0)));
        } catch (IllegalArgumentException e) {
            view.warnings.add(field + ": " + e.getMessage() + "; ignored");
            return Optional.empty();
        }
    }

    private static String owner(BGPPeer res, String field) {
        return "BGPPeer " + res.metadata().name() + ": " + field;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    /** {@code peerIP} as Calico writes it: {@code 10.0.0.1}, {@code 10.0.0.1:1790}, {@code fd00::1}, {@code [fd00::1]:1790}. */
    record HostPort(IpAddress ip, int port) {
        static HostPort parse(String text) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            try {
                if (text.startsWith("[")) {
                    int close = text.indexOf(']');
                    IpAddress ip = IpAddress.parse(text.substring(1, close));
                    return new HostPort(ip, close + 1 < text.length() ? port(text.substring(close + 2)) : 0);
                }
                int colon = text.indexOf(':');
                if (colon >= 0 && colon == text.lastIndexOf(':')) {
                    return new HostPort(IpAddress.parse(text.substring(0, colon)), port(text.substring(colon + 1)));
                }
                return new HostPort(IpAddress.parse(text), 0);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static int port(String p) {
            int n = Integer.parseInt(p);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("port " + n);
            }
            return n;
        }
    }
}

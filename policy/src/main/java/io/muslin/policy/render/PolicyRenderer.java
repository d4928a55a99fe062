package io.muslin.policy.render;

import io.muslin.net.IpPrefix;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.Peer;
import io.muslin.policy.model.PolicyPort;
import io.muslin.policy.model.PolicyRule;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.PolicyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Policy snapshot → {@link Ruleset}. Pure: the same snapshot always gives the same ruleset (it
 * memoizes the chains of unchanged policies, which only saves time).
 *
 * <pre>
 * INPUT   ─▶ MUSLIN-INPUT   ─▶ host protections, MUSLIN-from-wl-dispatch (pod → node: pod egress,
 *                              then RETURN to the node's rules, or ACCEPT/DROP as configured)
 * FORWARD ─▶ MUSLIN-FORWARD ─▶ MUSLIN-from-wl-dispatch ─▶ MUSLIN-fw-&lt;if&gt; ─▶ MUSLIN-po-&lt;policy&gt;...
 *                            ─▶ MUSLIN-to-wl-dispatch   ─▶ MUSLIN-tw-&lt;if&gt; ─▶ MUSLIN-pi-&lt;policy&gt;...
 *                            ─▶ ACCEPT when the allow mark is set
 * OUTPUT  ─▶ MUSLIN-OUTPUT  ─▶ host protections (node → pod is always allowed, as Kubernetes says)
 * </pre>
 *
 * Every chain that ends in a verdict starts with {@code RELATED,ESTABLISHED → ACCEPT} and then
 * {@code INVALID → DROP}: policy decides who may open a connection, never whether replies flow.
 * Policy chains only set the allow mark; the endpoint chain tries each policy while the mark is
 * unset and drops at its end if it is still unset, when the pod is isolated (selected) in that
 * direction.
 */
public final class PolicyRenderer {

    private static final String CT_ESTABLISHED = "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";
    private static final String CT_INVALID = "-m conntrack --ctstate INVALID -j DROP";

    private final RenderConfig cfg;
    private final ChainNames names;
    private final String setMark;
    private final String clearMark;
    private final String ifMarked;
    private final String ifNotMarked;
    private final Chain forward;
    private final Chain input;
    private final Chain output;
    private final List<IpSetSpec> hostSets;
    private final List<Hook> hooks;

    // Memoized between renders; each render keeps only what it used, so nothing grows.
    private Map<String, PolicyEntry> policyCache = new HashMap<>();
    private Map<EndpointKey, Chain> endpointCache = new HashMap<>();
    private Map<List<Rule>, Chain> dispatchCache = new HashMap<>();
    private Map<String, IpSetSpec> setCache = new HashMap<>();
    private List<Endpoint> setCacheEndpoints;
    private List<io.muslin.policy.model.Namespace> setCacheNamespaces;

    public PolicyRenderer(RenderConfig cfg) {
        this.cfg = cfg;
        this.names = new ChainNames(cfg);
        this.setMark = "-j MARK --set-xmark " + cfg.mark() + "/" + cfg.mark();
        this.clearMark = "-j MARK --set-xmark 0x0/" + cfg.mark();
        this.ifMarked = "-m mark --mark " + cfg.mark() + "/" + cfg.mark();
        this.ifNotMarked = "-m mark --mark 0x0/" + cfg.mark();
        HostProtection hp = cfg.hostProtection();
        this.forward = forwardChain();
        this.input = inputChain(hp);
        this.output = outputChain(hp);
        this.hostSets = hp.isNone() ? List.of() : hostSets(hp);
        this.hooks = List.of(
                new Hook("INPUT", new Rule("-j " + names.input())),
                new Hook("FORWARD", new Rule("-j " + names.forward())),
                new Hook("OUTPUT", new Rule("-j " + names.output())));
    }

    public RenderConfig config() {
        return cfg;
    }

    public ChainNames names() {
        return names;
    }

    /** A policy's chains and the ipsets they match. */
    private record PolicyEntry(NetworkPolicy policy, List<Chain> chains, List<SetRef> sets) {
    }

    /** What an ipset stands for, so its members can be computed. */
    private sealed interface SetRef {
        String name();
    }

    private record PodsRef(String name, String policyNamespace, Peer.Pods pods) implements SetRef {
    }

    private record ExceptRef(String name, Peer.IpBlock block) implements SetRef {
    }

    private record NamedPortRef(String name, NetworkPolicy policy, PolicyPort port, PolicyType type) implements SetRef {
    }

    /** Everything an endpoint chain's content depends on. */
    private record EndpointKey(Endpoint endpoint, PolicyType type, List<String> policyKeys) {
    }

    public Ruleset render(PolicySnapshot snapshot) {
        Map<String, Chain> chains = new HashMap<>();
        Map<String, PolicyEntry> nextPolicies = new HashMap<>();
        Map<EndpointKey, Chain> nextEndpoints = new HashMap<>();
        Map<List<Rule>, Chain> nextDispatch = new HashMap<>();
        boolean sameMembers = snapshot.endpoints().equals(setCacheEndpoints) && snapshot.namespaces().equals(setCacheNamespaces);
        Map<String, IpSetSpec> sets = new TreeMap<>();
        Members members = new Members(snapshot);

        List<Endpoint> locals = snapshot.endpoints().stream().filter(Endpoint::isLocal)
                .sorted(java.util.Comparator.comparing(Endpoint::hostInterface)).toList();
        Map<String, Endpoint> byInterface = new TreeMap<>();
        for (Endpoint e : locals) {
            Endpoint clash = byInterface.put(e.hostInterface(), e);
            if (clash != null) {
                throw new IllegalArgumentException("interface " + e.hostInterface() + " belongs to both "
                        + clash.key() + " and " + e.key());
            }
        }

        // Which policies select which local pods, per direction; render the chains of those in use.
        Map<Endpoint, List<NetworkPolicy>> ingressOf = new HashMap<>();
        Map<Endpoint, List<NetworkPolicy>> egressOf = new HashMap<>();
        Map<String, List<Endpoint>> localsByNamespace = new HashMap<>();
        locals.forEach(e -> localsByNamespace.computeIfAbsent(e.namespace(), k -> new ArrayList<>()).add(e));
        for (NetworkPolicy p : snapshot.policies()) {
            boolean used = false;
            for (Endpoint e : localsByNamespace.getOrDefault(p.namespace(), List.of())) {
                if (p.selects(e)) {
                    used = true;
                    if (p.isolates(PolicyType.INGRESS)) {
                        ingressOf.computeIfAbsent(e, k -> new ArrayList<>()).add(p);
                    }
                    if (p.isolates(PolicyType.EGRESS)) {
                        egressOf.computeIfAbsent(e, k -> new ArrayList<>()).add(p);
                    }
                }
            }
            if (!used) {
                continue;
            }
            String key = p.key();
            PolicyEntry entry = policyCache.get(key);
            if (entry == null || entry.policy() != p && !entry.policy().equals(p)) {
                entry = renderPolicy(p);
            }
            nextPolicies.put(key, entry);
            for (Chain c : entry.chains()) {
                chains.put(c.name(), c);
            }
            for (SetRef ref : entry.sets()) {
                if (!sets.containsKey(ref.name())) {
                    IpSetSpec spec = sameMembers ? setCache.get(ref.name()) : null;
                    sets.put(ref.name(), spec != null ? spec : members.of(ref));
                }
            }
        }

        List<Rule> toDispatch = new ArrayList<>();
        List<Rule> fromDispatch = new ArrayList<>();
        for (Endpoint e : byInterface.values()) {
            String tw = names.toWorkload(e.hostInterface());
            String fw = names.fromWorkload(e.hostInterface());
            toDispatch.add(new Rule("-o " + e.hostInterface() + " -g " + tw));
            fromDispatch.add(new Rule("-i " + e.hostInterface() + " -g " + fw));
            chains.put(tw, endpointChain(tw, e, PolicyType.INGRESS, ingressOf.getOrDefault(e, List.of()), nextEndpoints));
            chains.put(fw, endpointChain(fw, e, PolicyType.EGRESS, egressOf.getOrDefault(e, List.of()), nextEndpoints));
        }
        chains.put(names.toWorkloadDispatch(), dispatch(names.toWorkloadDispatch(), toDispatch, nextDispatch));
        chains.put(names.fromWorkloadDispatch(), dispatch(names.fromWorkloadDispatch(), fromDispatch, nextDispatch));
        chains.put(forward.name(), forward);
        chains.put(input.name(), input);
        chains.put(output.name(), output);
        hostSets.forEach(s -> sets.put(s.name(), s));

        policyCache = nextPolicies;
        endpointCache = nextEndpoints;
        dispatchCache = nextDispatch;
        setCache = new HashMap<>(sets);
        setCacheEndpoints = snapshot.endpoints();
        setCacheNamespaces = snapshot.namespaces();
        return new Ruleset(chains, sets, hooks);
    }

    private Chain dispatch(String name, List<Rule> rules, Map<List<Rule>, Chain> next) {
        Chain c = dispatchCache.get(rules);
        if (c == null || !c.name().equals(name)) {
            c = new Chain(name, rules);
        }
        next.put(rules, c);
        return c;
    }

    private static List<Rule> conntrackFirst() {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(CT_ESTABLISHED));
        rules.add(new Rule(CT_INVALID));
        return rules;
    }

    private Chain forwardChain() {
        List<Rule> r = conntrackFirst();
        r.add(new Rule(clearMark));
        r.add(new Rule("-j " + names.fromWorkloadDispatch()));
        r.add(new Rule("-j " + names.toWorkloadDispatch()));
        r.add(new Rule(ifMarked + " " + Rule.comment("allowed by policy") + " -j ACCEPT"));
        return new Chain(names.forward(), r);
    }

    private Chain inputChain(HostProtection hp) {
        List<Rule> r = conntrackFirst();
        if (!hp.isNone()) {
            r.add(new Rule("-p tcp -m tcp --dport 179 -m set --match-set " + names.bgpIpset() + " src "
                    + Rule.comment("BGP from nodes and peers") + " -j ACCEPT"));
            for (HostProtection.Failsafe f : hp.failsafeInbound()) {
                r.add(new Rule("-p " + f.protocol() + " -m " + f.protocol() + " --dport " + f.port() + " "
                        + Rule.comment("failsafe in " + f) + " -j ACCEPT"));
            }
            if (hp.ipip()) {
                r.add(new Rule("-p 4 -m set --match-set " + names.nodesIpset() + " src "
                        + Rule.comment("ipip from nodes") + " -j ACCEPT"));
            }
            if (hp.dropForeignEncap()) {
                r.add(new Rule("-p 4 " + Rule.comment("ipip from a host that is not a node") + " -j DROP"));
            }
            if (hp.vxlan()) {
                r.add(new Rule("-p udp -m udp --dport " + hp.vxlanPort() + " -m set --match-set " + names.nodesIpset()
                        + " src " + Rule.comment("vxlan from nodes") + " -j ACCEPT"));
            }
            if (hp.dropForeignEncap()) {
                r.add(new Rule("-p udp -m udp --dport " + hp.vxlanPort() + " "
                        + Rule.comment("vxlan from a host that is not a node") + " -j DROP"));
            }
        }
        r.add(new Rule(clearMark));
        r.add(new Rule("-j " + names.fromWorkloadDispatch()));
        switch (cfg.endpointToHost()) {
            case ACCEPT -> r.add(new Rule(ifMarked + " " + Rule.comment("pod to node allowed by policy") + " -j ACCEPT"));
            case DROP -> r.add(new Rule(ifMarked + " " + Rule.comment("pods may not reach the node") + " -j DROP"));
            case RETURN -> {
                // Allowed by the pod's egress policy: the node's own INPUT rules decide the rest.
            }
        }
        return new Chain(names.input(), r);
    }

    private Chain outputChain(HostProtection hp) {
        List<Rule> r = conntrackFirst();
        if (!hp.isNone()) {
            r.add(new Rule("-p tcp -m tcp --dport 179 -m set --match-set " + names.bgpIpset() + " dst "
                    + Rule.comment("BGP to nodes and peers") + " -j ACCEPT"));
            r.add(new Rule("-p tcp -m set --match-set " + names.etcdIpset() + " dst,dst "
                    + Rule.comment("etcd client") + " -j ACCEPT"));
            for (HostProtection.Failsafe f : hp.failsafeOutbound()) {
                r.add(new Rule("-p " + f.protocol() + " -m " + f.protocol() + " --dport " + f.port() + " "
                        + Rule.comment("failsafe out " + f) + " -j ACCEPT"));
            }
            if (hp.ipip()) {
                r.add(new Rule("-p 4 -m set --match-set " + names.nodesIpset() + " dst "
                        + Rule.comment("ipip to nodes") + " -j ACCEPT"));
            }
            if (hp.vxlan()) {
                r.add(new Rule("-p udp -m udp --dport " + hp.vxlanPort() + " -m set --match-set " + names.nodesIpset()
                        + " dst " + Rule.comment("vxlan to nodes") + " -j ACCEPT"));
            }
        }
        return new Chain(names.output(), r);
    }

    private List<IpSetSpec> hostSets(HostProtection hp) {
        TreeSet<String> nodes = new TreeSet<>();
        hp.nodes().forEach(a -> nodes.add(a.toString()));
        TreeSet<String> bgp = new TreeSet<>(nodes);
        hp.bgpPeers().forEach(a -> bgp.add(a.toString()));
        TreeSet<String> etcd = new TreeSet<>();
        hp.etcd().forEach(e -> etcd.add(e.address() + ",tcp:" + e.port()));
        return List.of(new IpSetSpec(names.nodesIpset(), IpSetType.HASH_IP, nodes),
                new IpSetSpec(names.bgpIpset(), IpSetType.HASH_IP, bgp),
                new IpSetSpec(names.etcdIpset(), IpSetType.HASH_IP_PORT, etcd));
    }

    private Chain endpointChain(String name, Endpoint e, PolicyType type, List<NetworkPolicy> policies,
                                Map<EndpointKey, Chain> next) {
        EndpointKey key = new EndpointKey(e, type, policies.stream().map(NetworkPolicy::key).toList());
        Chain cached = endpointCache.get(key);
        if (cached == null) {
            cached = renderEndpointChain(name, e, type, policies);
        }
        next.put(key, cached);
        return cached;
    }

    private Chain renderEndpointChain(String name, Endpoint e, PolicyType type, List<NetworkPolicy> policies) {
        List<Rule> r = conntrackFirst();
        String dir = type == PolicyType.INGRESS ? "ingress" : "egress";
        if (type == PolicyType.EGRESS) {
            r.add(new Rule("! -s " + e.ip() + "/32 " + Rule.comment("source address is not " + e.key()) + " -j DROP"));
        }
        r.add(new Rule(clearMark));
        if (policies.isEmpty()) {
            r.add(new Rule(Rule.comment(e.key() + " not isolated for " + dir) + " " + setMark));
        } else {
            // Each policy is tried only while none before it has allowed the packet.
            for (NetworkPolicy p : policies) {
                r.add(new Rule(ifNotMarked + " " + Rule.comment("policy " + p.key()) + " -j " + names.policy(p, type)));
            }
            r.add(new Rule(ifNotMarked + " " + Rule.comment("default deny " + dir + " for " + e.key()) + " -j DROP"));
        }
        return new Chain(name, r);
    }

    private PolicyEntry renderPolicy(NetworkPolicy p) {
        List<Chain> out = new ArrayList<>(2);
        Map<String, SetRef> refs = new LinkedHashMap<>();
        for (PolicyType type : PolicyType.values()) {
            if (!p.isolates(type)) {
                continue;
            }
            List<Rule> rules = new ArrayList<>();
            for (PolicyRule rule : p.rules(type)) {
                List<String> peerMatches = new ArrayList<>();
                if (rule.peers().isEmpty()) {
                    peerMatches.add("");
                }
                for (Peer peer : rule.peers()) {
                    if (peer instanceof Peer.IpBlock block && block.cidr().v6()) {
                        continue; // matches no IPv4 packet; a rule of only such peers renders to nothing
                    }
                    peerMatches.add(peerMatch(p, peer, type, refs));
                }
                List<String> portMatches = new ArrayList<>();
                if (rule.ports().isEmpty()) {
                    portMatches.add("");
                }
                for (PolicyPort port : rule.ports()) {
                    portMatches.add(portMatch(p, port, type, refs));
                }
                for (String peer : peerMatches) {
                    for (String port : portMatches) {
                        rules.add(new Rule(peer + port + setMark));
                    }
                }
            }
            out.add(new Chain(names.policy(p, type), rules));
        }
        return new PolicyEntry(p, List.copyOf(out), List.copyOf(refs.values()));
    }

    private String peerMatch(NetworkPolicy p, Peer peer, PolicyType type, Map<String, SetRef> refs) {
        String dir = type == PolicyType.INGRESS ? "src" : "dst";
        return switch (peer) {
            case Peer.Pods pods -> {
                String name = names.ipset('s', podsIdentity(p.namespace(), pods));
                refs.putIfAbsent(name, new PodsRef(name, p.namespace(), pods));
                yield "-m set --match-set " + name + " " + dir + " ";
            }
            case Peer.IpBlock block -> {
                StringBuilder sb = new StringBuilder();
                if (block.cidr().length() > 0) {
                    sb.append(type == PolicyType.INGRESS ? "-s " : "-d ").append(block.cidr()).append(' ');
                }
                if (!block.except().isEmpty()) {
                    String name = names.ipset('n', "except|" + block.except().stream().sorted().map(IpPrefix::toString).toList());
                    refs.putIfAbsent(name, new ExceptRef(name, block));
                    sb.append("-m set ! --match-set ").append(name).append(' ').append(dir).append(' ');
                }
                yield sb.toString();
            }
        };
    }

    private String portMatch(NetworkPolicy p, PolicyPort port, PolicyType type, Map<String, SetRef> refs) {
        String proto = port.protocol().iptablesName();
        if (port.isNamed()) {
            String scope = type == PolicyType.INGRESS ? "in|" + p.namespace() + "|" + p.podSelector().canonical() : "out";
            String name = names.ipset('p', "port|" + scope + "|" + proto + "|" + port.name());
            refs.putIfAbsent(name, new NamedPortRef(name, p, port, type));
            return "-p " + proto + " -m set --match-set " + name + " dst,dst ";
        }
        if (port.number() == 0) {
            return "-p " + proto + " ";
        }
        String ports = port.endPort() != 0 ? port.number() + ":" + port.endPort() : String.valueOf(port.number());
        return "-p " + proto + " -m " + proto + " --dport " + ports + " ";
    }

    private static String podsIdentity(String policyNamespace, Peer.Pods pods) {
        return "pods|" + (pods.namespaceSelector() == null ? "ns=" + policyNamespace : "nss=" + pods.namespaceSelector().canonical())
                + "|" + (pods.podSelector() == null ? "*" : pods.podSelector().canonical());
    }

    /** Computes ipset members from the snapshot; its indexes are built on first use. */
    private static final class Members {
        private final PolicySnapshot snapshot;
        private Map<String, Map<String, String>> nsLabels;
        private Map<String, List<Endpoint>> byNamespace;

        Members(PolicySnapshot snapshot) {
            this.snapshot = snapshot;
        }

        private void index() {
            if (byNamespace == null) {
                nsLabels = snapshot.namespaceLabelIndex();
                byNamespace = new HashMap<>();
                snapshot.endpoints().forEach(e -> byNamespace.computeIfAbsent(e.namespace(), k -> new ArrayList<>()).add(e));
            }
        }

        IpSetSpec of(SetRef ref) {
            return switch (ref) {
                case PodsRef r -> new IpSetSpec(r.name(), IpSetType.HASH_IP, pods(r.policyNamespace(), r.pods()));
                case ExceptRef r -> {
                    TreeSet<String> m = new TreeSet<>();
                    r.block().except().forEach(c -> m.add(c.isHost() ? c.address().toString() : c.toString()));
                    yield new IpSetSpec(r.name(), IpSetType.HASH_NET, m);
                }
                case NamedPortRef r -> new IpSetSpec(r.name(), IpSetType.HASH_IP_PORT, namedPort(r.policy(), r.port(), r.type()));
            };
        }

        private TreeSet<String> pods(String policyNamespace, Peer.Pods pods) {
            index();
            TreeSet<String> m = new TreeSet<>();
            for (Map.Entry<String, List<Endpoint>> ns : byNamespace.entrySet()) {
                boolean inScope = pods.namespaceSelector() == null
                        ? ns.getKey().equals(policyNamespace)
                        : pods.namespaceSelector().matches(nsLabels.get(ns.getKey()));
                if (!inScope) {
                    continue;
                }
                for (Endpoint e : ns.getValue()) {
                    if (pods.podSelector() == null || pods.podSelector().matches(e.labels())) {
                        m.add(e.ip().toString());
                    }
                }
            }
            return m;
        }

        private TreeSet<String> namedPort(NetworkPolicy p, PolicyPort port, PolicyType type) {
            index();
            TreeSet<String> m = new TreeSet<>();
            List<Endpoint> candidates = type == PolicyType.INGRESS
                    ? byNamespace.getOrDefault(p.namespace(), List.of()) : snapshot.endpoints();
            for (Endpoint e : candidates) {
                if (type == PolicyType.INGRESS && !p.selects(e)) {
                    continue;
                }
                int number = e.resolve(port.name(), port.protocol());
                if (number > 0) {
                    m.add(e.ip() + "," + port.protocol().iptablesName() + ":" + number);
                }
            }
            return m;
        }
    }
}

package io.muslin.policy.render;

import io.muslin.policy.model.Cidr;
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
 * INPUT   ─▶ MUSLIN-INPUT   ─▶ host protections, MUSLIN-from-wl-dispatch (pod → node: pod egress)
 * FORWARD ─▶ MUSLIN-FORWARD ─▶ MUSLIN-from-wl-dispatch ─▶ MUSLIN-fw-&lt;if&gt; ─▶ MUSLIN-po-&lt;policy&gt;...
 *                            ─▶ MUSLIN-to-wl-dispatch   ─▶ MUSLIN-tw-&lt;if&gt; ─▶ MUSLIN-pi-&lt;policy&gt;...
 *                            ─▶ ACCEPT when the allow mark is set
 * OUTPUT  ─▶ MUSLIN-OUTPUT  ─▶ host protections (node → pod is always allowed, as Kubernetes says)
 * </pre>
 *
 * Every chain that ends in a verdict starts with {@code RELATED,ESTABLISHED → ACCEPT} and then
 * {@code INVALID → DROP}: policy decides who may open a connection, never whether replies flow.
 * Policy chains only set the allow mark; the endpoint chain returns as soon as one policy set it,
 * and drops at its end when the pod is isolated (selected) in that direction.
 */
public final class PolicyRenderer {

    private static final String CT_ESTABLISHED = "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";
    private static final String CT_INVALID = "-m conntrack --ctstate INVALID -j DROP";

    private final RenderConfig cfg;
    private final ChainNames names;
    private final String setMark;
    private final String clearMark;
    private final String ifMarked;
    private Map<NetworkPolicy, List<Chain>> policyCache = new HashMap<>();

    public PolicyRenderer(RenderConfig cfg) {
        this.cfg = cfg;
        this.names = new ChainNames(cfg);
        this.setMark = "-j MARK --set-xmark " + cfg.mark() + "/" + cfg.mark();
        this.clearMark = "-j MARK --set-xmark 0x0/" + cfg.mark();
        this.ifMarked = "-m mark --mark " + cfg.mark() + "/" + cfg.mark();
    }

    public RenderConfig config() {
        return cfg;
    }

    public ChainNames names() {
        return names;
    }

    public Ruleset render(PolicySnapshot snapshot) {
        SetBuilder sets = new SetBuilder(snapshot);
        Map<String, Chain> chains = new LinkedHashMap<>();
        Map<NetworkPolicy, List<Chain>> nextCache = new HashMap<>();

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
            if (used) {
                List<Chain> pc = policyCache.get(p);
                if (pc == null) {
                    pc = renderPolicy(p);
                }
                nextCache.put(p, pc);
                for (Chain c : pc) {
                    chains.put(c.name(), c);
                }
                sets.requirePolicy(p);
            }
        }
        policyCache = nextCache;

        List<Rule> toDispatch = new ArrayList<>();
        List<Rule> fromDispatch = new ArrayList<>();
        for (Endpoint e : byInterface.values()) {
            String tw = names.toWorkload(e.hostInterface());
            String fw = names.fromWorkload(e.hostInterface());
            toDispatch.add(new Rule("-o " + e.hostInterface() + " -g " + tw));
            fromDispatch.add(new Rule("-i " + e.hostInterface() + " -g " + fw));
            chains.put(tw, endpointChain(tw, e, PolicyType.INGRESS, ingressOf.getOrDefault(e, List.of())));
            chains.put(fw, endpointChain(fw, e, PolicyType.EGRESS, egressOf.getOrDefault(e, List.of())));
        }
        chains.put(names.toWorkloadDispatch(), new Chain(names.toWorkloadDispatch(), toDispatch));
        chains.put(names.fromWorkloadDispatch(), new Chain(names.fromWorkloadDispatch(), fromDispatch));

        HostProtection hp = cfg.hostProtection();
        chains.put(names.forward(), forwardChain());
        chains.put(names.input(), inputChain(hp));
        chains.put(names.output(), outputChain(hp));
        Map<String, IpSetSpec> ipsets = sets.build();
        if (!hp.isNone()) {
            hostSets(hp).forEach(s -> ipsets.put(s.name(), s));
        }
        List<Hook> hooks = List.of(
                new Hook("INPUT", new Rule("-j " + names.input())),
                new Hook("FORWARD", new Rule("-j " + names.forward())),
                new Hook("OUTPUT", new Rule("-j " + names.output())));
        return new Ruleset(chains, ipsets, hooks);
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
        r.add(new Rule(ifMarked + " " + Rule.comment("pod to node allowed by policy") + " -j ACCEPT"));
        return new Chain(names.input(), r);
    }

    private Chain outputChain(HostProtection hp) {
        List<Rule> r = conntrackFirst();
        if (!hp.isNone()) {
            r.add(new Rule("-p tcp -m tcp --dport 179 -m set --match-set " + names.bgpIpset() + " dst "
                    + Rule.comment("BGP to nodes and peers") + " -j ACCEPT"));
            r.add(new Rule("-p tcp -m set --match-set " + names.etcdIpset() + " dst,dst "
                    + Rule.comment("etcd client") + " -j ACCEPT"));
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

    private Chain endpointChain(String name, Endpoint e, PolicyType type, List<NetworkPolicy> policies) {
        List<Rule> r = conntrackFirst();
        String dir = type == PolicyType.INGRESS ? "ingress" : "egress";
        if (type == PolicyType.EGRESS) {
            r.add(new Rule("! -s " + e.ip() + "/32 " + Rule.comment("source address is not " + e.key()) + " -j DROP"));
        }
        r.add(new Rule(clearMark));
        if (policies.isEmpty()) {
            r.add(new Rule(Rule.comment(e.key() + " not isolated for " + dir) + " " + setMark));
        } else {
            for (NetworkPolicy p : policies) {
                r.add(new Rule(Rule.comment("policy " + p.key()) + " -j " + names.policy(p, type)));
                r.add(new Rule(ifMarked + " -j RETURN"));
            }
            r.add(new Rule(Rule.comment("default deny " + dir + " for " + e.key()) + " -j DROP"));
        }
        return new Chain(name, r);
    }

    private List<Chain> renderPolicy(NetworkPolicy p) {
        List<Chain> out = new ArrayList<>(2);
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
                    peerMatches.add(peerMatch(p, peer, type));
                }
                List<String> portMatches = new ArrayList<>();
                if (rule.ports().isEmpty()) {
                    portMatches.add("");
                }
                for (PolicyPort port : rule.ports()) {
                    portMatches.add(portMatch(p, port, type));
                }
                for (String peer : peerMatches) {
                    for (String port : portMatches) {
                        rules.add(new Rule(peer + port + setMark));
                    }
                }
            }
            out.add(new Chain(names.policy(p, type), rules));
        }
        return out;
    }

    private String peerMatch(NetworkPolicy p, Peer peer, PolicyType type) {
        String dir = type == PolicyType.INGRESS ? "src" : "dst";
        return switch (peer) {
            case Peer.Pods pods -> "-m set --match-set " + names.ipset('s', SetBuilder.podsIdentity(p.namespace(), pods))
                    + " " + dir + " ";
            case Peer.IpBlock block -> {
                StringBuilder sb = new StringBuilder();
                if (block.cidr().prefix() > 0) {
                    sb.append(type == PolicyType.INGRESS ? "-s " : "-d ").append(block.cidr()).append(' ');
                }
                if (!block.except().isEmpty()) {
                    sb.append("-m set ! --match-set ").append(names.ipset('n', SetBuilder.exceptIdentity(block)))
                            .append(' ').append(dir).append(' ');
                }
                yield sb.toString();
            }
        };
    }

    private String portMatch(NetworkPolicy p, PolicyPort port, PolicyType type) {
        String proto = port.protocol().iptablesName();
        if (port.isNamed()) {
            String set = names.ipset('p', SetBuilder.namedPortIdentity(p, port, type));
            return "-p " + proto + " -m set --match-set " + set + " dst,dst ";
        }
        if (port.number() == 0) {
            return "-p " + proto + " ";
        }
        String ports = port.endPort() != 0 ? port.number() + ":" + port.endPort() : String.valueOf(port.number());
        return "-p " + proto + " -m " + proto + " --dport " + ports + " ";
    }

    /** Collects the ipsets the rendered chains refer to and fills them from the snapshot. */
    private final class SetBuilder {
        private final PolicySnapshot snapshot;
        private final Map<String, Map<String, String>> nsLabels;
        private final Map<String, List<Endpoint>> byNamespace = new HashMap<>();
        private final Map<String, IpSetSpec> sets = new TreeMap<>();

        SetBuilder(PolicySnapshot snapshot) {
            this.snapshot = snapshot;
            this.nsLabels = snapshot.namespaceLabelIndex();
            snapshot.endpoints().forEach(e -> byNamespace.computeIfAbsent(e.namespace(), k -> new ArrayList<>()).add(e));
        }

        static String podsIdentity(String policyNamespace, Peer.Pods pods) {
            return "pods|" + (pods.namespaceSelector() == null ? "ns=" + policyNamespace : "nss=" + pods.namespaceSelector().canonical())
                    + "|" + (pods.podSelector() == null ? "*" : pods.podSelector().canonical());
        }

        static String exceptIdentity(Peer.IpBlock block) {
            return "except|" + block.except().stream().sorted().map(Cidr::toString).toList();
        }

        static String namedPortIdentity(NetworkPolicy p, PolicyPort port, PolicyType type) {
            String scope = type == PolicyType.INGRESS ? "in|" + p.namespace() + "|" + p.podSelector().canonical() : "out";
            return "port|" + scope + "|" + port.protocol().iptablesName() + "|" + port.name();
        }

        /** Registers and fills every set policy {@code p} refers to. */
        void requirePolicy(NetworkPolicy p) {
            for (PolicyType type : PolicyType.values()) {
                if (!p.isolates(type)) {
                    continue;
                }
                for (PolicyRule rule : p.rules(type)) {
                    for (Peer peer : rule.peers()) {
                        switch (peer) {
                            case Peer.Pods pods -> {
                                String name = names.ipset('s', podsIdentity(p.namespace(), pods));
                                if (!sets.containsKey(name)) {
                                    sets.put(name, new IpSetSpec(name, IpSetType.HASH_IP, podAddresses(p.namespace(), pods)));
                                }
                            }
                            case Peer.IpBlock block -> {
                                if (!block.except().isEmpty()) {
                                    String name = names.ipset('n', exceptIdentity(block));
                                    TreeSet<String> m = new TreeSet<>();
                                    block.except().forEach(c -> m.add(c.prefix() == 32 ? c.network().toString() : c.toString()));
                                    sets.putIfAbsent(name, new IpSetSpec(name, IpSetType.HASH_NET, m));
                                }
                            }
                        }
                    }
                    for (PolicyPort port : rule.ports()) {
                        if (port.isNamed()) {
                            String name = names.ipset('p', namedPortIdentity(p, port, type));
                            if (!sets.containsKey(name)) {
                                sets.put(name, new IpSetSpec(name, IpSetType.HASH_IP_PORT, namedPortMembers(p, port, type)));
                            }
                        }
                    }
                }
            }
        }

        private TreeSet<String> podAddresses(String policyNamespace, Peer.Pods pods) {
            TreeSet<String> m = new TreeSet<>();
            if (pods.namespaceSelector() == null) {
                for (Endpoint e : byNamespace.getOrDefault(policyNamespace, List.of())) {
                    if (pods.podSelector() == null || pods.podSelector().matches(e.labels())) {
                        m.add(e.ip().toString());
                    }
                }
                return m;
            }
            for (Map.Entry<String, List<Endpoint>> ns : byNamespace.entrySet()) {
                if (!pods.namespaceSelector().matches(nsLabels.get(ns.getKey()))) {
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

        private TreeSet<String> namedPortMembers(NetworkPolicy p, PolicyPort port, PolicyType type) {
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

        Map<String, IpSetSpec> build() {
            return new TreeMap<>(sets);
        }
    }
}
